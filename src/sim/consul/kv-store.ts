/**
 * One datacenter's KV store and sessions, as far as a session-held lock needs them (Consul's
 * state store: U:agent/consul/state/kvs.go kvsLockTxn / kvsUnlockTxn, session.go
 * deleteSessionTxn; U:agent/consul/session_ttl.go). Every write takes a raft index from the
 * datacenter. A TTL session is invalidated when it is not renewed within twice its TTL
 * (structs.SessionTTLMultiplier); invalidation (expiry or destroy) starts the lock-delay of every
 * key the session still held, then releases those keys (`release`) or deletes them (`delete`).
 * Time is read lazily on each request, so no timer keeps the process alive.
 */
import { uuidFrom } from '../uuid.js';

/** The state store's refusals reach the client through the KVS.Apply RPC (U:agent/consul/kvs_endpoint.go:131). */
const RAFT_APPLY_FAILED = 'raft apply failed: ';

export interface StoredSession {
  readonly id: string;
  readonly name: string;
  readonly node: string;
  readonly lockDelayMs: number;
  readonly behavior: 'release' | 'delete';
  /** The TTL as given (`""` for none) and in ms (0 for none). */
  readonly ttl: string;
  readonly ttlMs: number;
  readonly createIndex: number;
  renewedAt: number;
}

export interface KvEntry {
  value: Buffer;
  flags: bigint;
  session: string;
  lockIndex: number;
  readonly createIndex: number;
  modifyIndex: number;
}

const clock = (): number => performance.now();

/** structs.SessionTTLMultiplier: a TTL session lives up to twice its TTL without a renewal. */
const TTL_MULTIPLIER = 2;

export class KvStore {
  readonly entries = new Map<string, KvEntry>();
  readonly sessions = new Map<string, StoredSession>();
  private readonly lockDelays = new Map<string, number>();
  private created = 0;

  constructor(
    private readonly dcName: string,
    private readonly commit: () => number,
  ) {}

  createSession(spec: Omit<StoredSession, 'id' | 'createIndex' | 'renewedAt'>): StoredSession {
    this.created += 1;
    const session = {
      ...spec,
      id: uuidFrom(`session:${this.dcName}:${this.created}`),
      createIndex: this.commit(),
      renewedAt: clock(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, after invalidating every session whose TTL ran out. */
  session(id: string): StoredSession | undefined {
    this.sweep();
    return this.sessions.get(id);
  }

  renew(id: string): StoredSession | undefined {
    const session = this.session(id);
    if (session) session.renewedAt = clock();
    return session;
  }

  /** Destroy or expiry: lock-delay on the keys it held, then release or delete them. */
  invalidate(id: string): void {
    const session = this.sessions.get(id);
    if (session === undefined) return;
    this.sessions.delete(id);
    const index = this.commit();
    for (const [key, entry] of this.entries) {
      if (entry.session !== id) continue;
      if (session.lockDelayMs > 0) this.lockDelays.set(key, clock() + session.lockDelayMs);
      if (session.behavior === 'delete') this.entries.delete(key);
      else Object.assign(entry, { session: '', modifyIndex: index });
    }
  }

  /** Every TTL session as if its TTL had passed (a test's stand-in for a killed holder). */
  expireAll(): void {
    for (const session of [...this.sessions.values()]) if (session.ttlMs > 0) this.invalidate(session.id);
  }

  sweep(): void {
    const now = clock();
    for (const s of [...this.sessions.values()]) {
      if (s.ttlMs > 0 && now - s.renewedAt > s.ttlMs * TTL_MULTIPLIER) this.invalidate(s.id);
    }
  }

  get(key: string): KvEntry | undefined {
    this.sweep();
    return this.entries.get(key);
  }

  set(key: string, value: Buffer, flags: bigint): void {
    const existing = this.entries.get(key);
    const index = this.commit();
    if (existing) Object.assign(existing, { value, flags, modifyIndex: index });
    else this.entries.set(key, { value, flags, session: '', lockIndex: 0, createIndex: index, modifyIndex: index });
  }

  /**
   * `?acquire=` (kvsLockTxn): refused (false) during the key's lock-delay or while another
   * session holds it; the holder re-acquiring keeps its LockIndex; a new holder increments it.
   * Throws Consul's text for a missing or unknown session.
   */
  acquire(key: string, sessionId: string, value: Buffer, flags: bigint): boolean {
    this.sweep();
    if ((this.lockDelays.get(key) ?? 0) > clock()) return false;
    if (sessionId === '') throw new Error(`${RAFT_APPLY_FAILED}missing session`);
    if (!this.sessions.has(sessionId))
      throw new Error(`${RAFT_APPLY_FAILED}invalid session ${JSON.stringify(sessionId)}`);
    const existing = this.entries.get(key);
    if (existing && existing.session !== '' && existing.session !== sessionId) return false;
    const index = this.commit();
    const lockIndex =
      existing === undefined ? 1 : existing.session === sessionId ? existing.lockIndex : existing.lockIndex + 1;
    this.entries.set(key, {
      value,
      flags,
      session: sessionId,
      lockIndex,
      createIndex: existing?.createIndex ?? index,
      modifyIndex: index,
    });
    return true;
  }

  /** `?release=` (kvsUnlockTxn): only the holding session releases; the value may be replaced. */
  release(key: string, sessionId: string, value: Buffer, flags: bigint): boolean {
    this.sweep();
    if (sessionId === '') throw new Error(`${RAFT_APPLY_FAILED}missing session`);
    const existing = this.entries.get(key);
    if (existing === undefined || existing.session !== sessionId) return false;
    Object.assign(existing, { value, flags, session: '', modifyIndex: this.commit() });
    return true;
  }

  delete(key: string): void {
    this.commit();
    this.entries.delete(key);
  }
}
