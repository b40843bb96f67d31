/**
 * What every operator call shares (nomad-operator-api.md §1.3, §1.6): the read
 * handlers' `parse()` with its 400s, region routing and leader forwarding with the
 * RPC hold, and the ACL check — which Nomad's RPC handlers run *after* forwarding
 * (N:nomad/operator_endpoint.go: Authenticate, forward, then the permission check),
 * so 400s come first, then `No path to region` / `No cluster leader`, then 403s.
 */
import { queryGet } from '../go-url.js';
import { blockingQueryError } from '../query-params.js';
import type { NomadPermission } from './acl.js';
import type { NomadRegion } from './region.js';
import { CodedError, type NomadCall } from './transport.js';

/** strconv.ParseBool's accepted spellings. */
const GO_BOOLS: ReadonlyMap<string, boolean> = new Map([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((s) => [s, true] as const),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s) => [s, false] as const),
]);

/** strconv.ParseInt(s, 10, 32) succeeds. */
function isInt32(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 31n) && n < 2n ** 31n;
}

/** parseRegion: `?region=` or the agent's region (§1.3). Used by reads and writes. */
export function parseRegion(call: NomadCall): string {
  return queryGet(call.query, 'region') || call.cluster.defaultRegion;
}

/**
 * `parse()` (N:command/agent/http.go:1073-1087): region, token, stale, prefix,
 * namespace, per_page, filter, reverse, wait, index — 400 on the first bad value.
 */
export function parseQuery(call: NomadCall): { region: string; stale: boolean } {
  const q = call.query;
  let stale = false;
  const staleValues = q.get('stale');
  if (staleValues !== undefined) {
    const v = staleValues[0] ?? '';
    const parsed = v === '' ? true : GO_BOOLS.get(v);
    if (parsed === undefined) throw new CodedError(400, 'Expect `true` or `false` for `stale` query string parameter');
    stale = parsed;
  }
  const perPage = queryGet(q, 'per_page');
  if (perPage !== '' && !isInt32(perPage))
    throw new CodedError(400, 'Expect a number for `per_page` query string parameter');
  const blocking = blockingQueryError(q);
  if (blocking !== undefined) throw new CodedError(400, blocking);
  return { region: parseRegion(call), stale };
}

/**
 * `forward` (N:nomad/rpc.go:585-661): another region goes to any alive server there
 * (none → `No path to region`); unless `stale`, the call needs that region's leader and
 * waits up to the hold time (RPCHoldTimeout, 5 s on a real agent; 0 by default here).
 */
export async function forward(call: NomadCall, regionName: string, opts: { stale: boolean }): Promise<NomadRegion> {
  const region = call.cluster.regions.get(regionName);
  if (region === undefined || (regionName !== call.cluster.defaultRegion && !region.reachable())) {
    throw new Error('No path to region');
  }
  if (!opts.stale) await region.awaitLeader();
  return region;
}

/** The RPC handler's permission check, on the server that answers. */
export function authorize(call: NomadCall, permission: NomadPermission): void {
  call.cluster.acl.authorize(call.token, permission);
}
