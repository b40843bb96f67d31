/**
 * The simulator's own Go durations: `time.ParseDuration`, `time.Duration.String()` and the
 * float64 conversion, as consul-operator-api.md §2.9 and nomad-operator-api.md §4 describe
 * them (following Go's time/format.go). Written apart from the client's src/util/go-duration.ts
 * on purpose: both are tested against the same Go cases, so a mistake in one shows up as a
 * disagreement instead of being agreed on. Go's int64 nanoseconds are `bigint` here.
 */

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n, // micro sign
  '\u03bcs': 1_000n, // Greek mu: Go accepts both
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** 2^63: Go accumulates in uint64 and refuses anything past it; a positive result must stay below. */
const TWO_TO_63 = 1n << 63n;

/** A duration Go refuses, with Go's exact text (`time: invalid duration "abc"`). */
export class GoDurationSyntaxError extends Error {}

/**
 * Go's private `time.quote`: printable ASCII as is (`"` and `\` escaped), and every byte of
 * anything else as `\xNN` — not strconv.Quote's rules.
 */
function quoteAsGoTime(text: string): string {
  let quoted = '';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte < 0x20 || byte >= 0x80) quoted += `\\x${byte.toString(16).padStart(2, '0')}`;
    else if (byte === 0x22 || byte === 0x5c) quoted += `\\${String.fromCharCode(byte)}`;
    else quoted += String.fromCharCode(byte);
  }
  return `"${quoted}"`;
}

/**
 * The fraction digits Go keeps: it stops accumulating (but still consumes digits) once the
 * value would pass 2^63, so the kept digits are the longest prefix whose value is at most 2^63.
 */
function keptFraction(digits: string): { value: bigint; scale: number } {
  let kept = digits.length;
  while (kept > 0 && BigInt(digits.slice(0, kept)) > TWO_TO_63) kept--;
  // Go multiplies a float64 scale by ten per kept digit; repeat it to round the same way.
  let scale = 1;
  for (let i = 0; i < kept; i++) scale *= 10;
  return { value: kept === 0 ? 0n : BigInt(digits.slice(0, kept)), scale };
}

/** `time.ParseDuration`: a signed sequence of decimal numbers with units (`1h30m`, `-.5s`), or bare `0`. */
export function goParseDuration(text: string): bigint {
  const invalid = () => new GoDurationSyntaxError(`time: invalid duration ${quoteAsGoTime(text)}`);
  const negative = text.startsWith('-');
  let rest = negative || text.startsWith('+') ? text.slice(1) : text;
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const [matched = '', whole = '', fraction] = number ?? [];
    // Neither digits before nor after a dot (also: not starting with a digit or a dot).
    if (whole === '' && (fraction ?? '') === '') throw invalid();
    if (BigInt(whole || '0') > TWO_TO_63) throw invalid();
    rest = rest.slice(matched.length);
    const unitText = /^[^.0-9]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') throw new GoDurationSyntaxError(`time: missing unit in duration ${quoteAsGoTime(text)}`);
    rest = rest.slice(unitText.length);
    const unit = NANOS_PER_UNIT[unitText];
    if (unit === undefined) {
      throw new GoDurationSyntaxError(
        `time: unknown unit ${quoteAsGoTime(unitText)} in duration ${quoteAsGoTime(text)}`,
      );
    }
    let part = BigInt(whole || '0') * unit;
    if (part > TWO_TO_63) throw invalid();
    const kept = keptFraction(fraction ?? '');
    if (kept.value > 0n) {
      // Go computes the fractional part in float64 and truncates it.
      part += BigInt(Math.trunc(Number(kept.value) * (Number(unit) / kept.scale)));
      if (part > TWO_TO_63) throw invalid();
    }
    total += part;
    if (total > TWO_TO_63) throw invalid();
  }
  if (negative) return -total;
  if (total >= TWO_TO_63) throw invalid();
  return total;
}

/** `whole.fraction` with the fraction's trailing zeros (and a bare dot) dropped. */
function decimal(nanos: bigint, perWhole: bigint, digits: number): string {
  const fraction = (nanos % perWhole).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${nanos / perWhole}${fraction ? `.${fraction}` : ''}`;
}

/** `time.Duration.String()`: `0s`, `1.5µs`, `200ms`, `1m30s`, `1h0m0s`, `-1s`. */
export function goFormatDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const size = nanos < 0n ? -nanos : nanos;
  if (size < 1_000n) return `${sign}${size}ns`;
  if (size < 1_000_000n) return `${sign}${decimal(size, 1_000n, 3)}\u00b5s`;
  if (size < 1_000_000_000n) return `${sign}${decimal(size, 1_000_000n, 6)}ms`;
  const seconds = `${decimal(size % 60_000_000_000n, 1_000_000_000n, 9)}s`;
  const minutes = (size / 60_000_000_000n) % 60n;
  const hours = size / 3_600_000_000_000n;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/**
 * Go's `time.Duration(f)` for a float64 nanosecond count (a JSON number given as a duration,
 * §2.9): truncated toward zero; NaN and values outside int64 become math.MinInt64, as amd64's
 * conversion gives (the Go spec leaves it to the implementation).
 */
export function goDurationFromFloat(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -TWO_TO_63;
  return BigInt(Math.trunc(f));
}

/** `time.ParseDuration` accepts `text`. */
export function isGoDuration(text: string): boolean {
  try {
    goParseDuration(text);
    return true;
  } catch (error) {
    if (error instanceof GoDurationSyntaxError) return false;
    throw error;
  }
}
