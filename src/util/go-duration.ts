// Go's time.ParseDuration and time.Duration.String(), because Consul and Nomad speak durations
// in exactly these forms (consul-operator-api.md §2.9): a stack may say "1m", the server answers
// "1m0s", and both must compare equal. Nanoseconds are bigint so nothing rounds.

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NANOS = (1n << 63n) - 1n;

export type DurationParse = { readonly ok: true; readonly nanos: bigint } | { readonly ok: false; readonly error: string };

/** Go's strconv.Quote for the ASCII texts durations are made of. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** Parses like Go's time.ParseDuration, with Go's error texts. */
export function parseGoDuration(input: string): DurationParse {
  const invalid = (): DurationParse => ({ ok: false, error: `time: invalid duration ${quote(input)}` });
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanos: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid();
    s = s.slice(number?.[0].length ?? 0);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${quote(input)}` };
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) return { ok: false, error: `time: unknown unit ${quote(unit)} in duration ${quote(input)}` };
    s = s.slice(unit.length);
    let nanos = BigInt(whole === '' ? '0' : whole) * scale;
    if (fraction) nanos += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += nanos;
    if (total > MAX_NANOS + (negative ? 1n : 0n)) return invalid();
  }
  return { ok: true, nanos: negative ? -total : total };
}

/** Formats like Go's time.Duration.String(): "0s", "200ms", "1m30s", "1h0m0s", "1.5µs". */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (abs < 1_000_000_000n) {
    const [unit, scale] = abs < 1_000n ? ['ns', 1n] : abs < 1_000_000n ? ['µs', 1_000n] : ['ms', 1_000_000n];
    return sign + decimal(abs, scale as bigint) + unit;
  }
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = decimal(abs % 60_000_000_000n, 1_000_000_000n) + 's';
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return sign + seconds;
}

/** `value/scale` with the fraction's trailing zeros dropped, as Go prints it. */
function decimal(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const digits = scale.toString().length - 1;
  const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** Canonical form of a duration string, or undefined when Go would reject it. */
export function canonicalGoDuration(input: string): string | undefined {
  const parsed = parseGoDuration(input);
  return parsed.ok ? formatGoDuration(parsed.nanos) : undefined;
}
