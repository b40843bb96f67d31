/**
 * Go `time.Time` JSON encoding (RFC 3339 with up to nanosecond precision, trailing
 * zeros of the fraction dropped, `Z` for UTC) for autopilot's `StableSince`
 * (consul-operator-api.md §2.9, §4.6, §4.7). Times are Unix nanoseconds (bigint, ≥ 0), since a
 * real server's clock has nanoseconds (observed-real-servers.md "Smaller differences").
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const NS_PER_MS = 1_000_000n;
const NS_PER_SECOND = 1_000_000_000n;

/**
 * The wall clock in Unix nanoseconds, as Go's `time.Now()` has it: the process's time origin
 * (µs) plus the high-resolution time since (performance.now() has sub-µs digits).
 */
export function wallClockNanos(): bigint {
  return BigInt(Math.round(performance.timeOrigin * 1000)) * 1000n + BigInt(Math.round(performance.now() * 1e6));
}

/** `t.MarshalJSON()` body (without quotes) in the given zone offset (minutes east of UTC). */
export function formatGoTime(unixNs: bigint, offsetMinutes: number): string {
  const shifted = new Date(Number(unixNs / NS_PER_MS) + offsetMinutes * 60_000);
  const nanos = Number(unixNs % NS_PER_SECOND);
  const frac = nanos === 0 ? '' : '.' + pad(nanos, 9).replace(/0+$/, '');
  const base =
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}${frac}`;
  if (offsetMinutes === 0) return base + 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `t.Round(time.Second).UTC()` as the health endpoint emits it (§4.6): halves round up. */
export function formatGoTimeRoundedUtc(unixNs: bigint): string {
  const seconds = (unixNs + NS_PER_SECOND / 2n) / NS_PER_SECOND;
  return formatGoTime(seconds * NS_PER_SECOND, 0);
}

/** The zone offset the simulated servers run in: the Node process's local zone, like a real agent. */
export function localOffsetMinutes(unixNs: bigint): number {
  return -new Date(Number(unixNs / NS_PER_MS)).getTimezoneOffset();
}
