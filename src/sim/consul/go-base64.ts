/**
 * Go's `base64.StdEncoding.DecodeString` (encoding/base64 decodeQuantum), ported for the
 * keyring endpoint: serf decodes the request's key once per pool on the originating
 * server and a failure short-circuits that pool with
 * `illegal base64 data at input byte N` (consul-operator-api.md §4.4). The offsets
 * must match Go's exactly, including its quirks: `\r` and `\n` are skipped anywhere,
 * padding is required, trailing bits need not be zero (StdEncoding is not Strict),
 * and a bad second pad character reports the byte *before* it.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_MAP[ALPHABET.charCodeAt(i)] = i;

const PAD = 0x3d; // '='
const isNewline = (c: number | undefined): boolean => c === 0x0a || c === 0x0d;

/** Go's `base64.CorruptInputError`. */
export class GoBase64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/**
 * One quantum (up to 4 symbols) starting at `si`: returns the next index and the bytes
 * produced, or throws at Go's offset. `done` is set when padding ended the input.
 */
function decodeQuantum(src: Uint8Array, si: number, out: number[]): { si: number; done: boolean } {
  const dbuf = [0, 0, 0, 0];
  let dlen = 4;
  let done = false;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { si, done: true };
      // StdEncoding has a pad character, so any partial quantum at the end is an error.
      throw new GoBase64Error(si - j);
    }
    const inByte = src[si]!;
    si++;
    const v = DECODE_MAP[inByte]!;
    if (v >= 0) {
      dbuf[j] = v;
      continue;
    }
    if (isNewline(inByte)) {
      j--;
      continue;
    }
    if (inByte !== PAD) throw new GoBase64Error(si - 1);
    // Padding: only valid after 2 or 3 symbols.
    if (j === 0 || j === 1) throw new GoBase64Error(si - 1);
    if (j === 2) {
      // "==" expected; the first '=' is consumed.
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) throw new GoBase64Error(src.length);
      if (src[si] !== PAD) throw new GoBase64Error(si - 1);
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    // Trailing garbage after padding: Go still writes this quantum, then reports it.
    if (si < src.length) throw new GoBase64Error(si);
    dlen = j;
    done = true;
    break;
  }
  const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
  const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
  for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
  return { si, done };
}

/** Decodes like `base64.StdEncoding.DecodeString(s)`; throws GoBase64Error. */
export function goBase64StdDecode(s: string): Buffer {
  // Go strings are bytes: a non-ASCII character is several input bytes.
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const r = decodeQuantum(src, si, out);
    si = r.si;
    if (r.done) break;
  }
  return Buffer.from(out);
}

/** Go's `base64.StdEncoding.EncodeToString` (what serf returns in key listings). */
export function goBase64StdEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
