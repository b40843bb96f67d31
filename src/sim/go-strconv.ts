/**
 * Ports of the few Go `strconv` behaviours whose error texts reach Consul's HTTP
 * bodies, e.g. `Error parsing cas value: strconv.ParseUint: parsing "x": invalid syntax`
 * (consul-operator-api.md §4.5) and the ReadableDuration number path (§2.9).
 */

const MAX_UINT64 = (1n << 64n) - 1n;

/** Go's strconv.NumError text: `strconv.<Func>: parsing "<num>": <err>`. */
export class GoNumError extends Error {
  constructor(func: string, num: string, err: 'invalid syntax' | 'value out of range') {
    super(`strconv.${func}: parsing ${goQuote(num)}: ${err}`);
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** `strconv.Quote`: printable runes kept, others escaped the way Go does. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (c === 0xfffd || PRINTABLE.test(ch)) {
      out += ch;
    } else {
      out += escapeRune(c);
    }
  }
  return out + '"';
}

function escapeRune(c: number): string {
  switch (c) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
  if (c < 0x10000) return '\\u' + c.toString(16).padStart(4, '0');
  return '\\U' + c.toString(16).padStart(8, '0');
}

/** `strconv.ParseUint(s, 10, 64)` with Go's error order (first bad byte or first overflow). */
export function goParseUint(s: string): bigint {
  if (s === '') throw new GoNumError('ParseUint', s, 'invalid syntax');
  const cutoff = MAX_UINT64 / 10n + 1n;
  let n = 0n;
  for (const ch of s) {
    if (ch < '0' || ch > '9') throw new GoNumError('ParseUint', s, 'invalid syntax');
    if (n >= cutoff) throw new GoNumError('ParseUint', s, 'value out of range');
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > MAX_UINT64) throw new GoNumError('ParseUint', s, 'value out of range');
  }
  return n;
}

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/**
 * `strconv.ParseFloat(s, 64)` for the inputs Consul can hand it from a JSON body: a
 * JSON number literal (may overflow to a range error) or anything else (syntax error).
 */
export function goParseFloat(s: string): number {
  if (!JSON_NUMBER.test(s)) throw new GoNumError('ParseFloat', s, 'invalid syntax');
  const v = Number(s);
  if (!Number.isFinite(v)) throw new GoNumError('ParseFloat', s, 'value out of range');
  return v;
}

/** encoding/json's `quoteChar`, used in syntax errors: `'x'`, `'\n'`, `'\''`, `'"'`. */
export function goJsonQuoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  // Go converts the byte to the rune of the same value (so 0xC3 prints as 'Ã').
  const q = goQuote(String.fromCodePoint(byte));
  return "'" + q.slice(1, -1) + "'";
}
