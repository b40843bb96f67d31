// The client (src/util) and the simulator (src/sim) each have their own Go durations, written
// apart so that neither can agree with the other's mistake; both must pass Go's own cases.
import { describe, expect, it } from 'vitest';
import { goDurationFromFloat, goFormatDuration, goParseDuration } from '../../src/sim/go-duration.js';
import {
  canonicalGoDuration,
  durationFromFloat,
  formatGoDuration,
  parseGoDuration,
} from '../../src/util/go-duration.js';

const IMPLEMENTATIONS = [
  { side: 'client', parse: parseGoDuration, format: formatGoDuration, fromFloat: durationFromFloat },
  { side: 'simulator', parse: goParseDuration, format: goFormatDuration, fromFloat: goDurationFromFloat },
];

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

const NS = 1n;
const US = 1000n;
const MS = 1000n * US;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

describe.each(IMPLEMENTATIONS)('$side: time.ParseDuration (consul-operator-api.md §2.9)', ({ parse }) => {
  // Cases from Go's time_test.go parseDurationTests.
  const ok: Array<[string, bigint]> = [
    ['0', 0n],
    ['5s', 5n * S],
    ['30s', 30n * S],
    ['1478s', 1478n * S],
    ['-5s', -5n * S],
    ['+5s', 5n * S],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5n * S],
    ['5.6s', 5n * S + 600n * MS],
    ['5.s', 5n * S],
    ['.5s', 500n * MS],
    ['1.004s', S + 4n * MS],
    ['100.00100s', 100n * S + MS],
    ['10ns', 10n * NS],
    ['11us', 11n * US],
    ['12\u00b5s', 12n * US],
    ['12\u03bcs', 12n * US],
    ['13ms', 13n * MS],
    ['15m', 15n * M],
    ['16h', 16n * H],
    ['3h30m', 3n * H + 30n * M],
    ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3s4ms5us6ns', H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['52763797000ns', 52763797000n],
    ['0.3333333333333333333h', 20n * M],
    ['9007199254740993ns', (1n << 53n) + 1n],
    ['9223372036854775807ns', (1n << 63n) - 1n],
    ['9223372036854775.807us', (1n << 63n) - 1n],
    ['9223372036s854ms775us807ns', (1n << 63n) - 1n],
    ['-9223372036854775808ns', -(1n << 63n)],
    ['-9223372036854775.808us', -(1n << 63n)],
    ['0.100000000000000000000h', 6n * M],
    ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
  ];
  for (const [input, want] of ok) {
    it(`parses ${JSON.stringify(input)}`, () => expect(parse(input)).toBe(want));
  }

  const bad: Array<[string, string]> = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['abc', 'time: invalid duration "abc"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1\u00e9', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036s854ms775us808ns', 'time: invalid duration "9223372036s854ms775us808ns"'],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} with Go's text`, () => expect(errorOf(() => parse(input))).toBe(message));
  }
});

describe.each(IMPLEMENTATIONS)(
  '$side: time.Duration.String (consul-operator-api.md §2.9)',
  ({ parse, format, fromFloat }) => {
    // Cases from Go's time_test.go durationTests plus the reference's examples.
    const cases: Array<[bigint, string]> = [
      [0n, '0s'],
      [1n, '1ns'],
      [1100n, '1.1\u00b5s'],
      [1500n, '1.5\u00b5s'],
      [2200n * US, '2.2ms'],
      [200n * MS, '200ms'],
      [3300n * MS, '3.3s'],
      [10n * S, '10s'],
      [90n * S, '1m30s'],
      [H, '1h0m0s'],
      [4n * M + 5n * S, '4m5s'],
      [4n * M + 5001n * MS, '4m5.001s'],
      [5n * H + 6n * M + 7001n * MS, '5h6m7.001s'],
      [8n * M + 1n, '8m0.000000001s'],
      [-S, '-1s'],
      [(1n << 63n) - 1n, '2562047h47m16.854775807s'],
      [-(1n << 63n), '-2562047h47m16.854775808s'],
    ];
    for (const [d, want] of cases) {
      it(`formats ${d}ns as ${want}`, () => expect(format(d)).toBe(want));
    }

    it('round-trips equivalent spellings to one canonical form (1m = 60s = 1m0s)', () => {
      for (const s of ['1m', '60s', '1m0s', '60000ms']) expect(format(parse(s))).toBe('1m0s');
    });

    it('converts JSON-number nanoseconds like time.Duration(float64): truncates toward zero', () => {
      expect(fromFloat(1.9)).toBe(1n);
      expect(fromFloat(-1.9)).toBe(-1n);
      expect(fromFloat(1e300)).toBe(-(1n << 63n));
      expect(fromFloat(Number.NaN)).toBe(-(1n << 63n));
    });
  },
);

describe('canonicalGoDuration: what the planner compares', () => {
  it.each([
    ['1m', '1m0s'],
    ['60s', '1m0s'],
    ['60000ms', '1m0s'],
    ['.5s', '500ms'],
    ['1.5us', '1.5µs'],
    ['90m', '1h30m0s'],
    ['0', '0s'],
  ])('%s is %s', (input, canonical) => {
    expect(canonicalGoDuration(input)).toBe(canonical);
  });

  it.each(['', '5', '1d', 'abc'])('%j has none', (input) => {
    expect(canonicalGoDuration(input)).toBeUndefined();
  });
});

describe('the client and the simulator agree on any input (seeded differential test)', () => {
  // A small linear congruential generator: the same inputs on every run.
  let seed = 20261201;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ALPHABET = ['0', '1', '5', '9', '.', '+', '-', 'h', 'm', 's', 'ms', 'us', 'µs', 'μs', 'ns', 'd', ' ', '"', 'é'];
  const outcome = (run: () => bigint) => {
    try {
      return run();
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('parses 2000 random spellings to the same value or the same Go error text', () => {
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(next() * 10);
      const text = Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
      expect({ text, sim: outcome(() => goParseDuration(text)) }).toEqual({
        text,
        sim: outcome(() => parseGoDuration(text)),
      });
    }
  });

  it('formats 2000 random durations across the int64 range alike', () => {
    for (let i = 0; i < 2000; i++) {
      const magnitude = BigInt(Math.floor(next() * 2 ** 31)) ** BigInt(1 + Math.floor(next() * 2));
      const d = next() < 0.5 ? -magnitude : magnitude;
      expect(goFormatDuration(d)).toBe(formatGoDuration(d));
    }
  });
});
