/**
 * Small Go ports whose texts reach keyring response bodies (consul-operator-api.md §4.4):
 * `strconv.Atoi` and `strconv.ParseBool` errors (the `?relay-factor` / `?local-only`
 * 400s) and go-multierror's ListFormatFunc (the keyring 500 body, MU format.go:14-27).
 */
import { GoNumError } from '../go-strconv.js';

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * `strconv.Atoi` on a 64-bit platform: a fast path for < 19 bytes (sign allowed, digits
 * only), otherwise `ParseInt(s, 10, 0)` which can also report `value out of range`
 * (the first overflow wins over a later bad byte, as in ParseUint).
 */
export function goAtoi(s: string): number {
  const bytes = Buffer.from(s, 'utf8');
  const syntax = (): GoNumError => new GoNumError('Atoi', s, 'invalid syntax');
  if (bytes.length === 0) throw syntax();
  let i = 0;
  let neg = false;
  if (bytes[0] === 0x2d || bytes[0] === 0x2b) {
    neg = bytes[0] === 0x2d;
    i = 1;
    if (bytes.length === 1) throw syntax();
  }
  const cutoff = 1n << 64n; // ParseUint's bitSize-64 bound, then ParseInt's own check
  let n = 0n;
  for (; i < bytes.length; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) throw syntax();
    n = n * 10n + BigInt(d);
    if (n >= cutoff) throw new GoNumError('Atoi', s, 'value out of range');
  }
  if ((!neg && n > MAX_INT64) || (neg && n > MAX_INT64 + 1n)) throw new GoNumError('Atoi', s, 'value out of range');
  return Number(neg ? -n : n);
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `strconv.ParseBool`. */
export function goParseBool(s: string): boolean {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new GoNumError('ParseBool', s, 'invalid syntax');
}

/** go-multierror's default ListFormatFunc. */
export function multierrorText(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}
