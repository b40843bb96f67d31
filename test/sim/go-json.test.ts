import { describe, expect, it } from 'vitest';
import { decodeFirstJsonValue } from '../../src/sim/go-json-decode.js';
import { goJsonMarshal, goJsonMarshalIndent } from '../../src/sim/go-json-encode.js';

function errorOf(text: string): string {
  try {
    decodeFirstJsonValue(Buffer.from(text, 'utf8'));
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

describe('go-json: json.Decoder syntax errors (consul-operator-api.md §2.8)', () => {
  const cases: Array<[string, string]> = [
    ['', 'EOF'],
    ['  \n\t', 'EOF'],
    ['{', 'unexpected EOF'],
    ['{"a"', 'unexpected EOF'],
    ['{"a":tr', 'unexpected EOF'],
    ['{x', "invalid character 'x' looking for beginning of object key string"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['abc', "invalid character 'a' looking for beginning of value"],
    ['nulx', "invalid character 'x' in literal null (expecting 'l')"],
    ['tx', "invalid character 'x' in literal true (expecting 'r')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['\ufeff{}', "invalid character 'ï' looking for beginning of value"],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${want}`, () => expect(errorOf(input)).toBe(want));
  }
});

describe('go-json: first value only, raw text kept (consul-operator-api.md §2.8, §2.9)', () => {
  it('ignores bytes after the first object', () => {
    expect(decodeFirstJsonValue(Buffer.from('{"a":1} garbage'))).toMatchObject({ kind: 'object' });
  });
  it('ends a top-level literal at the first byte that cannot continue it', () => {
    expect(decodeFirstJsonValue(Buffer.from('12x'))).toEqual({ kind: 'number', raw: '12' });
  });
  it('keeps raw text and unescapes strings like Go (surrogates, bad surrogates → U+FFFD)', () => {
    const node = decodeFirstJsonValue(Buffer.from('{"k\\u0041":"\\ud83d\\ude00\\ud800x","n": 1.5e3 }'));
    expect(node.kind).toBe('object');
    if (node.kind !== 'object') return;
    expect(node.entries[0]![0]).toBe('kA');
    expect(node.entries[0]![1]).toEqual({ kind: 'string', raw: '"\\ud83d\\ude00\\ud800x"', value: '\u{1F600}\ufffdx' });
    expect(node.entries[1]![1]).toEqual({ kind: 'number', raw: '1.5e3' });
  });
});

describe('go-json: json.Marshal output (consul-operator-api.md §2.4)', () => {
  it('escapes like Go (HTML-safe, \\b \\f, U+2028)', () => {
    expect(goJsonMarshal('<a&b>\b\f\u0001\u2028"\\')).toBe('"\\u003ca\\u0026b\\u003e\\b\\f\\u0001\\u2028\\"\\\\"');
  });
  it('keeps uint64 exact and field order as given', () => {
    expect(goJsonMarshal({ B: 18446744073709551615n, A: [] })).toBe('{"B":18446744073709551615,"A":[]}');
  });
  it('indents with four spaces, empty containers compact', () => {
    expect(goJsonMarshalIndent({ a: 1, b: [true], c: {}, d: [] })).toBe(
      '{\n    "a": 1,\n    "b": [\n        true\n    ],\n    "c": {},\n    "d": []\n}',
    );
  });
});
