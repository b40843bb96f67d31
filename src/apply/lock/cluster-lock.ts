import type { ApiClient } from '../../api/api-client.js';
import { describeConnection } from '../../api/connection.js';
import { OpstackError } from '../../model/errors.js';
import { LOCK_PATH, type LockRecord } from './lock-record.js';

/** What trying to take a cluster's lock found. */
export type AcquireResult =
  | { readonly kind: 'acquired' }
  /** Another run holds it: `holder` as a message names it (lock-record.ts describeHolder). */
  | { readonly kind: 'held'; readonly holder: string };

/** One cluster's apply lock: a Consul session-held KV key or a Nomad variable lock. */
export interface ClusterLock {
  /** How messages name the lock, e.g. `opstack/lock in Consul at http://… (datacenter "dc1")`. */
  readonly where: string;
  /** How to break the lock of a run that is gone. */
  readonly breakHint: string;
  tryAcquire(): Promise<AcquireResult>;
  /** Keeps the lock alive; throws when it is lost (expired, broken, or the cluster unreachable). */
  renew(): Promise<void>;
  /** Gives it back; also ends what tryAcquire set up (a Consul session) when it never got the lock. */
  release(): Promise<void>;
}

/** What both products' locks start from: the cluster's client, this run's record, a clock for "since". */
export abstract class RecordedLock implements ClusterLock {
  readonly where: string;
  abstract readonly breakHint: string;

  constructor(
    protected readonly client: ApiClient,
    protected readonly record: LockRecord,
    protected readonly now: () => Date,
  ) {
    this.where = `${LOCK_PATH} in ${describeConnection(client.connection)}`;
  }

  abstract tryAcquire(): Promise<AcquireResult>;
  abstract renew(): Promise<void>;
  abstract release(): Promise<void>;

  /**
   * A lock answer that is neither "yours" nor "held" (a proxy's page, `null`, JSON of another
   * shape): an error naming the call, never read as "another run holds it", which would send the
   * user hunting for a run that does not exist.
   */
  protected unusableAnswer(call: string, answer: string): OpstackError {
    const product = this.client.connection.product === 'consul' ? 'Consul' : 'Nomad';
    return new OpstackError(
      'ServerError',
      `${describeConnection(this.client.connection)} answered ${call} with ` +
        `${describeBody(this.client.secrets.scrubServerText(answer))}, ` +
        'which is no answer to a lock request.',
      `Check that the address is a ${product} agent (not a proxy or another service); run again.`,
    );
  }
}

/** A body for a message: its first characters, quoted. */
function describeBody(body: string): string {
  const text = body.trim();
  if (text === '') return 'an empty body';
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}…` : JSON.stringify(text);
}
