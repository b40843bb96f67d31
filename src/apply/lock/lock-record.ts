/** Who runs this apply, as the lock records it (the CLI fills it in: only src/cli reads the process). */
export interface LockHolder {
  readonly host: string;
  readonly pid: number;
  readonly user: string;
}

/** What the lock stores: flat strings, because Nomad variable items are strings. */
export type LockRecord = Readonly<Record<'host' | 'pid' | 'user' | 'since' | 'opstack_version', string>>;

/** The lock's path in Consul KV and in Nomad variables (Nomad reserves `nomad/`). */
export const LOCK_PATH = 'opstack/lock';

/** A request of the lock itself (Consul session and KV key, Nomad variable): bookkeeping, not a change. */
export function isLockRequestPath(path: string): boolean {
  return path.startsWith('/v1/session/') || path === `/v1/kv/${LOCK_PATH}` || path === `/v1/var/${LOCK_PATH}`;
}
/** The TTL of the session / variable lock: a killed run's lock expires on its own. */
export const LOCK_TTL = '15s';
export const LOCK_TTL_MS = 15_000;
/** Consul and Nomad keep a lost lock blocked this long (lock-delay), against split brains. */
export const LOCK_DELAY = '1s';

export function lockRecord(holder: LockHolder, now: Date, version: string): LockRecord {
  return {
    host: holder.host,
    pid: String(holder.pid),
    user: holder.user,
    since: now.toISOString(),
    opstack_version: version,
  };
}

/** At most this many characters of each field, and only these, when showing another run's record. */
const SHOWN = /[^\w.@:+\-/ ]/g;
const shown = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, 64).replace(SHOWN, '?') : undefined;

/**
 * The holder as a message names it, from a record another run wrote (untrusted: fields are
 * checked, shortened and stripped of anything but plain characters), e.g.
 * `alice@ci-7 (pid 4242) since 2026-12-01T07:40:00.000Z (3m ago)`.
 */
export function describeHolder(record: unknown, now: Date): string {
  const r = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
  const [user, host, pid, since] = [shown(r.user), shown(r.host), shown(r.pid), shown(r.since)];
  if (user === undefined && host === undefined) return 'another opstack run (its lock record is unreadable)';
  const sinceMs = since === undefined ? NaN : Date.parse(since);
  const ago = Number.isNaN(sinceMs) ? '' : ` (${describeAge(now.getTime() - sinceMs)} ago)`;
  return `${user ?? '?'}@${host ?? '?'} (pid ${pid ?? '?'})${since === undefined ? '' : ` since ${since}${ago}`}`;
}

function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

/** JSON, or undefined when it is not. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
