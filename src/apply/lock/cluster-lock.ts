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
