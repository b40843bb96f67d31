/**
 * One region's variables in the default namespace, with their locks (N:nomad/state/
 * state_store_variables.go VarLockAcquire / VarLockRelease, N:nomad/variables_endpoint.go
 * RenewLock, N:nomad/structs/variables.go VariableLock). A lock's TTL runs from its last
 * acquire or renewal; once it passes the lock is lost (no renewal) but still blocks everyone
 * for its LockDelay, after which the lock leaves the variable (its items stay). Time is read
 * lazily on each request. Every write takes a raft index from the region.
 */
import { uuidFrom } from '../uuid.js';

export interface StoredLock {
  readonly id: string;
  readonly ttlMs: number;
  readonly delayMs: number;
  renewedAt: number;
}

export interface StoredVariable {
  readonly path: string;
  items: Record<string, string>;
  lock: StoredLock | undefined;
  readonly createIndex: number;
  readonly createTime: bigint;
  modifyIndex: number;
  modifyTime: bigint;
}

const clock = (): number => performance.now();
const unixNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class VariableStore {
  private readonly variables = new Map<string, StoredVariable>();
  private locks = 0;

  constructor(
    private readonly regionName: string,
    private readonly commit: () => number,
  ) {}

  /** The variable, after dropping a lock whose TTL and lock-delay have both passed. */
  get(path: string): StoredVariable | undefined {
    const v = this.variables.get(path);
    if (v?.lock && clock() > v.lock.renewedAt + v.lock.ttlMs + v.lock.delayMs) {
      v.lock = undefined;
      v.modifyIndex = this.commit();
    }
    return v;
  }

  /** A lock past its TTL can no longer be renewed (the TTL timer is gone). */
  isExpired(lock: StoredLock): boolean {
    return clock() > lock.renewedAt + lock.ttlMs;
  }

  /** `?lock-acquire`: false when another lock is held (409); else the items are written and a lock ID is issued. */
  acquire(
    path: string,
    items: Record<string, string>,
    ttlMs: number,
    delayMs: number,
    heldId: string,
  ): StoredVariable | undefined {
    const existing = this.get(path);
    if (existing?.lock && existing.lock.id !== heldId) return undefined;
    this.locks += 1;
    const lock = {
      id: existing?.lock?.id ?? uuidFrom(`lock:${this.regionName}:${path}:${this.locks}`),
      ttlMs,
      delayMs,
      renewedAt: clock(),
    };
    return this.write(path, items, lock);
  }

  set(path: string, items: Record<string, string>): StoredVariable {
    return this.write(path, items, this.get(path)?.lock);
  }

  private write(path: string, items: Record<string, string>, lock: StoredLock | undefined): StoredVariable {
    const existing = this.variables.get(path);
    const index = this.commit();
    const now = unixNanos();
    const v: StoredVariable = {
      path,
      items,
      lock,
      createIndex: existing?.createIndex ?? index,
      createTime: existing?.createTime ?? now,
      modifyIndex: index,
      modifyTime: now,
    };
    this.variables.set(path, v);
    return v;
  }

  release(v: StoredVariable): void {
    v.lock = undefined;
    v.modifyIndex = this.commit();
    v.modifyTime = unixNanos();
  }

  delete(path: string): void {
    this.commit();
    this.variables.delete(path);
  }

  /** Every lock's TTL runs out now (a test's stand-in for a killed holder); the lock-delay still applies. */
  expireLocks(): void {
    for (const v of this.variables.values()) if (v.lock) v.lock.renewedAt = clock() - v.lock.ttlMs - 1;
  }
}
