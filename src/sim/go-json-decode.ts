/**
 * Reads the first JSON value of a request body the way Go's `json.Decoder.Decode`
 * does (consul-operator-api.md §2.8): the scanner port (go-json-scanner.ts) validates
 * and delimits it, then this builds a node tree in which every node keeps its raw
 * text (ReadableDuration parses the raw bytes, §2.9) and strings are unescaped like
 * encoding/json's `unquote`. Mapping onto a struct is left to the caller.
 */
import { readValueLength } from './go-json-scanner.js';

export { GoJsonError } from './go-json-scanner.js';

export type GoJsonNode =
  | { kind: 'object'; raw: string; entries: Array<[string, GoJsonNode]> }
  | { kind: 'array'; raw: string; items: GoJsonNode[] }
  | { kind: 'string'; raw: string; value: string }
  | { kind: 'number'; raw: string }
  | { kind: 'bool'; raw: string; value: boolean }
  | { kind: 'null'; raw: string };

/** Decodes the first JSON value of a body; throws GoJsonError with Go's text. */
export function decodeFirstJsonValue(buf: Buffer): GoJsonNode {
  const end = readValueLength(buf);
  return new TreeBuilder(buf.subarray(0, end)).value();
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** Builds nodes from bytes that the scanner already validated. */
class TreeBuilder {
  private i = 0;
  constructor(private readonly buf: Buffer) {}

  private ws(): void {
    while (this.i < this.buf.length && isSpace(this.buf[this.i]!)) this.i++;
  }
  private raw(start: number): string {
    return this.buf.toString('utf8', start, this.i);
  }
  value(): GoJsonNode {
    this.ws();
    const start = this.i;
    const c = this.buf[this.i]!;
    if (c === 0x7b) {
      this.i++;
      const entries: Array<[string, GoJsonNode]> = [];
      this.ws();
      while (this.buf[this.i] !== 0x7d) {
        this.ws();
        const key = this.string();
        this.ws();
        this.i++; // ':'
        entries.push([key, this.value()]);
        this.ws();
        if (this.buf[this.i] === 0x2c) this.i++;
      }
      this.i++;
      return { kind: 'object', raw: this.raw(start), entries };
    }
    if (c === 0x5b) {
      this.i++;
      const items: GoJsonNode[] = [];
      this.ws();
      while (this.buf[this.i] !== 0x5d) {
        items.push(this.value());
        this.ws();
        if (this.buf[this.i] === 0x2c) this.i++;
        this.ws();
      }
      this.i++;
      return { kind: 'array', raw: this.raw(start), items };
    }
    if (c === 0x22) {
      const value = this.string();
      return { kind: 'string', raw: this.raw(start), value };
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.i += c === 0x66 ? 5 : 4;
      if (c === 0x6e) return { kind: 'null', raw: 'null' };
      return { kind: 'bool', raw: this.raw(start), value: c === 0x74 };
    }
    while (this.i < this.buf.length && /[-+.eE0-9]/.test(String.fromCharCode(this.buf[this.i]!))) this.i++;
    return { kind: 'number', raw: this.raw(start) };
  }
  /** encoding/json `unquote`: escapes decoded, bad surrogates and bad UTF-8 become U+FFFD. */
  private string(): string {
    this.i++; // opening quote
    let out = '';
    let runStart = this.i;
    const flush = (): void => {
      out += this.buf.toString('utf8', runStart, this.i);
    };
    for (;;) {
      const c = this.buf[this.i]!;
      if (c === 0x22) break;
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      flush();
      const e = String.fromCharCode(this.buf[this.i + 1]!);
      if (e === 'u') {
        const hi = this.hex4(this.i + 2);
        this.i += 6;
        if (hi >= 0xd800 && hi < 0xe000) {
          const lo = this.buf[this.i] === 0x5c && this.buf[this.i + 1] === 0x75 ? this.hex4(this.i + 2) : -1;
          if (hi < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
            out += String.fromCharCode(hi, lo);
            this.i += 6;
          } else {
            out += '\ufffd';
          }
        } else {
          out += String.fromCharCode(hi);
        }
      } else {
        out += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
        this.i += 2;
      }
      runStart = this.i;
    }
    flush();
    this.i++; // closing quote
    return out;
  }
  private hex4(at: number): number {
    return parseInt(this.buf.toString('latin1', at, at + 4), 16);
  }
}
