import { isLockRequestPath } from '../../src/apply/lock/lock-record.js';

/** A request of the apply lock (Consul session and KV lock, Nomad variable lock): bookkeeping, not a change. */
export const isLockCall = (request: { readonly path: string }): boolean => isLockRequestPath(request.path);

/** The requests that read or change what opstack manages, without the lock's own. */
export const withoutLockCalls = <T extends { readonly path: string }>(requests: readonly T[]): T[] =>
  requests.filter((r) => !isLockCall(r));

/** What a Consul token needs for the apply lock (README "One apply at a time"). */
export const CONSUL_LOCK_PERMISSIONS = ['key:write', 'session:write'];
