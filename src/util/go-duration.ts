/**
 * A faithful port of Go's `time.ParseDuration` and `time.Duration.String()`.
 *
 * Consul reads and writes every operator-API duration through these two functions
 * (consul-operator-api.md §2.9), so the simulator must accept, reject and print
 * exactly what Go does, error texts included. Durations are int64 nanoseconds in Go;
 * they are `bigint` here because int64 does not fit a JS number.
 */

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const UINT64_MASK = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;
const TWO_63 = 1n << 63n;

/** Go's unit table; both micro signs are accepted (U+00B5 and U+03BC). */
const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['\u00b5s', MICROSECOND],
  ['\u03bcs', MICROSECOND],
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

/** Thrown with Go's exact error text, e.g. `time: invalid duration "abc"`. */
export class GoDurationError extends Error {}

/**
 * Go's private `time.quote`: ASCII is kept (with `"` and `\` escaped), every byte of a
 * non-ASCII or control character becomes `\xNN`. It differs from strconv.Quote on purpose.
 */
function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go's `leadingInt`: consumes [0-9]*; null on overflow past 1<<63. */
function leadingInt(s: string): { x: bigint; rem: string } | null {
  let i = 0;
  let x = 0n;
  for (; i < s.length; i++) {
    const c = s[i];
    if (!isDigit(c)) break;
    if (x > TWO_63 / 10n) return null;
    x = x * 10n + BigInt(c!.charCodeAt(0) - 48);
    if (x > TWO_63) return null;
  }
  return { x, rem: s.slice(i) };
}

/** Go's `leadingFraction`: consumes [0-9]*, silently dropping precision on overflow. */
function leadingFraction(s: string): { x: bigint; scale: number; rem: string } {
  let i = 0;
  let x = 0n;
  let scale = 1;
  let overflow = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (!isDigit(c)) break;
    if (overflow) continue;
    if (x > MAX_INT64 / 10n) {
      overflow = true;
      continue;
    }
    const y = x * 10n + BigInt(c!.charCodeAt(0) - 48);
    if (y > TWO_63) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  return { x, scale, rem: s.slice(i) };
}

/** `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, bare "0" allowed. */
export function parseGoDuration(orig: string): bigint {
  const invalid = (): GoDurationError => new GoDurationError('time: invalid duration ' + goTimeQuote(orig));
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  while (s !== '') {
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    const before = s.length;
    const lead = leadingInt(s);
    if (lead === null) throw invalid();
    let v = lead.x;
    s = lead.rem;
    const pre = before !== s.length;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const pl = s.length;
      const frac = leadingFraction(s);
      f = frac.x;
      scale = frac.scale;
      s = frac.rem;
      post = pl !== s.length;
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    while (i < s.length && !(s[i] === '.' || isDigit(s[i]))) i++;
    if (i === 0) throw new GoDurationError('time: missing unit in duration ' + goTimeQuote(orig));
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS.get(u);
    if (unit === undefined) {
      throw new GoDurationError('time: unknown unit ' + goTimeQuote(u) + ' in duration ' + goTimeQuote(orig));
    }
    if (v > TWO_63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go computes this part in float64 ("nanosecond accurate for fractions of hours").
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) throw invalid();
    }
    d += v;
    if (d > TWO_63) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX_INT64) throw invalid();
  return d;
}

/** Go's `fmtFrac`: the fraction of v/10**prec without trailing zeros (and no dot if 0). */
function fmtFrac(v: bigint, prec: number): { text: string; v: bigint } {
  let text = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) text = digit.toString() + text;
    v /= 10n;
  }
  return { text: print ? '.' + text : '', v };
}

/** `time.Duration.String()`: "0s", "1.5µs", "200ms", "1m30s", "1h0m0s", "-1s". */
export function formatGoDuration(d: bigint): string {
  const neg = d < 0n;
  // Go negates in uint64 so that math.MinInt64 prints correctly.
  let u = neg ? -d & UINT64_MASK : d;
  let out: string;
  if (u < SECOND) {
    let prec: number;
    let unit: string;
    if (u === 0n) return '0s';
    if (u < MICROSECOND) {
      prec = 0;
      unit = 'ns';
    } else if (u < MILLISECOND) {
      prec = 3;
      unit = '\u00b5s';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const frac = fmtFrac(u, prec);
    out = frac.v.toString() + frac.text + unit;
  } else {
    const frac = fmtFrac(u, 9);
    u = frac.v;
    out = (u % 60n).toString() + frac.text + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/**
 * Go's `time.Duration(f)` for a float64 (used when a JSON number is given as a
 * duration, §2.9): truncation toward zero; out-of-range values become
 * math.MinInt64 as on amd64 (the Go spec leaves it implementation-defined).
 */
export function durationFromFloat(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -TWO_63;
  return BigInt(Math.trunc(f));
}

/** Canonical form of a duration string (Go's `Duration.String()`), or undefined when Go would reject it. */
export function canonicalGoDuration(input: string): string | undefined {
  try {
    return formatGoDuration(parseGoDuration(input));
  } catch (error) {
    if (error instanceof GoDurationError) return undefined;
    throw error;
  }
}
