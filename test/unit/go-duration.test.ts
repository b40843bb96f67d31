import { describe, expect, it } from 'vitest';
import { canonicalGoDuration, formatGoDuration, parseGoDuration } from '../../src/util/go-duration.js';

describe('Go durations (consul-operator-api.md §2.9)', () => {
  it.each([
    ['1m', '1m0s'],
    ['1m0s', '1m0s'],
    ['60s', '1m0s'],
    ['60000ms', '1m0s'],
    ['0.5s', '500ms'],
    ['.5s', '500ms'],
    ['1.5us', '1.5µs'],
    ['1.5μs', '1.5µs'],
    ['90m', '1h30m0s'],
    ['2h45m0.5s', '2h45m0.5s'],
    ['0', '0s'],
    ['-1s', '-1s'],
    ['+3s', '3s'],
    ['1ns', '1ns'],
  ])('%s is %s', (input, canonical) => {
    expect(canonicalGoDuration(input)).toBe(canonical);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['abc', 'time: invalid duration "abc"'],
    ['.s', 'time: invalid duration ".s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ])('rejects %j like Go: %s', (input, error) => {
    expect(parseGoDuration(input)).toEqual({ ok: false, error });
  });

  it('formats the largest duration exactly', () => {
    expect(formatGoDuration(9223372036854775807n)).toBe('2562047h47m16.854775807s');
  });
});
