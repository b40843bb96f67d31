/**
 * Go `time.Time` JSON encoding (RFC 3339 with up to nanosecond precision, trailing
 * zeros of the fraction dropped, `Z` for UTC) for autopilot's `StableSince`
 * (consul-operator-api.md §2.9, §4.6, §4.7).
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `t.MarshalJSON()` body (without quotes) in the given zone offset (minutes east of UTC). */
export function formatGoTime(t: Date, offsetMinutes: number): string {
  const shifted = new Date(t.getTime() + offsetMinutes * 60_000);
  const ms = shifted.getUTCMilliseconds();
  const frac = ms === 0 ? '' : '.' + pad(ms, 3).replace(/0+$/, '');
  const base =
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}${frac}`;
  if (offsetMinutes === 0) return base + 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `t.Round(time.Second).UTC()` as the health endpoint emits it (§4.6). */
export function formatGoTimeRoundedUtc(t: Date): string {
  return formatGoTime(new Date(Math.round(t.getTime() / 1000) * 1000), 0);
}

/** The zone offset the simulated servers run in: the Node process's local zone, like a real agent. */
export function localOffsetMinutes(t: Date): number {
  return -t.getTimezoneOffset();
}
