/**
 * A byte-level port of Go's encoding/json scanner (scanner.go) as `json.Decoder.readValue`
 * drives it (consul-operator-api.md §2.8): finds where the first JSON value of a body
 * ends, or fails with Go's exact syntax-error text (`invalid character 'x' looking for
 * beginning of object key string`, `unexpected EOF`, `EOF`). Bytes after the first
 * value are never looked at, as with Go's Decoder.
 */
import { goJsonQuoteChar } from './go-strconv.js';

/** A decode failure; `message` is Go's `err.Error()`. */
export class GoJsonError extends Error {}

const enum Scan {
  Continue,
  Error,
  End,
}
const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}
const MAX_DEPTH = 10000;

type Step = (c: number) => Scan;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json scanner.go, one state function per Go state. */
class Scanner {
  step: Step = (c) => this.beginValue(c);
  private stack: Parse[] = [];
  err: string | undefined;
  /** True when the top-level value was an object/array closed by the byte just seen. */
  closedTop = false;

  private fail(c: number, context: string): Scan {
    this.step = () => Scan.Error;
    this.err = `invalid character ${goJsonQuoteChar(c)} ${context}`;
    return Scan.Error;
  }
  private to(next: Step): Scan {
    this.step = next;
    return Scan.Continue;
  }
  private push(c: number, p: Parse, next: Step): Scan {
    this.stack.push(p);
    this.step = next;
    return this.stack.length <= MAX_DEPTH ? Scan.Continue : this.fail(c, 'exceeded max depth');
  }
  private beginValue(c: number): Scan {
    if (isSpace(c)) return Scan.Continue;
    switch (c) {
      case 0x7b:
        return this.push(c, Parse.ObjectKey, (d) => this.beginStringOrEmpty(d));
      case 0x5b:
        return this.push(c, Parse.ArrayValue, (d) => this.beginValueOrEmpty(d));
      case 0x22:
        return this.to((d) => this.inString(d));
      case 0x2d:
        return this.to((d) => this.neg(d));
      case 0x30:
        return this.to((d) => this.zero(d));
      case 0x74:
        return this.to(this.literal('true', 1));
      case 0x66:
        return this.to(this.literal('false', 1));
      case 0x6e:
        return this.to(this.literal('null', 1));
    }
    if (c >= 0x31 && c <= 0x39) return this.to((d) => this.one(d));
    return this.fail(c, 'looking for beginning of value');
  }
  private beginValueOrEmpty(c: number): Scan {
    if (isSpace(c)) return Scan.Continue;
    if (c === 0x5d) return this.endValue(c);
    return this.beginValue(c);
  }
  private beginStringOrEmpty(c: number): Scan {
    if (isSpace(c)) return Scan.Continue;
    if (c === 0x7d) {
      this.stack[this.stack.length - 1] = Parse.ObjectValue;
      return this.endValue(c);
    }
    return this.beginString(c);
  }
  private beginString(c: number): Scan {
    if (isSpace(c)) return Scan.Continue;
    if (c === 0x22) return this.to((d) => this.inString(d));
    return this.fail(c, 'looking for beginning of object key string');
  }
  private pop(): Scan {
    this.stack.pop();
    // Like Go's Decoder: a closed top-level object/array ends the value at once.
    if (this.stack.length === 0) {
      this.closedTop = true;
      return Scan.End;
    }
    this.step = (d) => this.endValue(d);
    return Scan.Continue;
  }
  /** Value finished before `c`; at top level the value ends here (the Decoder ignores the rest). */
  endValue(c: number): Scan {
    const n = this.stack.length;
    if (n === 0) return Scan.End;
    if (isSpace(c)) return this.to((d) => this.endValue(d));
    switch (this.stack[n - 1]) {
      case Parse.ObjectKey:
        if (c === 0x3a) {
          this.stack[n - 1] = Parse.ObjectValue;
          return this.to((d) => this.beginValue(d));
        }
        return this.fail(c, 'after object key');
      case Parse.ObjectValue:
        if (c === 0x2c) {
          this.stack[n - 1] = Parse.ObjectKey;
          return this.to((d) => this.beginString(d));
        }
        if (c === 0x7d) return this.pop();
        return this.fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) return this.to((d) => this.beginValue(d));
        if (c === 0x5d) return this.pop();
        return this.fail(c, 'after array element');
    }
  }
  private inString(c: number): Scan {
    if (c === 0x22) return this.to((d) => this.endValue(d));
    if (c === 0x5c) return this.to((d) => this.inStringEsc(d));
    if (c < 0x20) return this.fail(c, 'in string literal');
    return Scan.Continue;
  }
  private inStringEsc(c: number): Scan {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return this.to((d) => this.inString(d));
    if (c === 0x75) return this.to(this.hexEscape(4));
    return this.fail(c, 'in string escape code');
  }
  private hexEscape(left: number): Step {
    return (c) => {
      if (!isHex(c)) return this.fail(c, 'in \\u hexadecimal character escape');
      return this.to(left > 1 ? this.hexEscape(left - 1) : (d) => this.inString(d));
    };
  }
  private neg(c: number): Scan {
    if (c === 0x30) return this.to((d) => this.zero(d));
    if (c >= 0x31 && c <= 0x39) return this.to((d) => this.one(d));
    return this.fail(c, 'in numeric literal');
  }
  private one(c: number): Scan {
    if (isDigit(c)) return Scan.Continue;
    return this.zero(c);
  }
  private zero(c: number): Scan {
    if (c === 0x2e) return this.to((d) => this.dot(d));
    if (c === 0x65 || c === 0x45) return this.to((d) => this.exp(d));
    return this.endValue(c);
  }
  private dot(c: number): Scan {
    if (isDigit(c)) return this.to((d) => this.dot0(d));
    return this.fail(c, 'after decimal point in numeric literal');
  }
  private dot0(c: number): Scan {
    if (isDigit(c)) return Scan.Continue;
    if (c === 0x65 || c === 0x45) return this.to((d) => this.exp(d));
    return this.endValue(c);
  }
  private exp(c: number): Scan {
    if (c === 0x2b || c === 0x2d) return this.to((d) => this.expSign(d));
    return this.expSign(c);
  }
  private expSign(c: number): Scan {
    if (isDigit(c)) return this.to((d) => this.exp0(d));
    return this.fail(c, 'in exponent of numeric literal');
  }
  private exp0(c: number): Scan {
    if (isDigit(c)) return Scan.Continue;
    return this.endValue(c);
  }
  private literal(word: string, i: number): Step {
    return (c) => {
      const want = word.charCodeAt(i);
      if (c !== want) return this.fail(c, `in literal ${word} (expecting ${goJsonQuoteChar(want)})`);
      return this.to(i + 1 < word.length ? this.literal(word, i + 1) : (d) => this.endValue(d));
    };
  }
}

/** Length of the first value in `buf` (json.Decoder.readValue), or a Go error text. */
export function readValueLength(buf: Buffer): number {
  const s = new Scanner();
  for (let i = 0; i < buf.length; i++) {
    const r = s.step(buf[i]!);
    if (r === Scan.End) return s.closedTop ? i + 1 : i;
    if (r === Scan.Error) throw new GoJsonError(s.err);
  }
  // At EOF Go feeds a space: a pending number/literal at top level completes.
  if (s.step(0x20) === Scan.End) return buf.length;
  throw new GoJsonError(buf.some((c) => !isSpace(c)) ? 'unexpected EOF' : 'EOF');
}
