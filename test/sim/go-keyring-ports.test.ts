import { describe, expect, it } from 'vitest';
import { goBase64StdDecode } from '../../src/sim/consul/go-base64.js';
import { goAtoi, goParseBool, multierrorText } from '../../src/sim/consul/go-errors.js';

const attempt = (f: () => unknown): string => {
  try {
    return `OK ${String(f())}`;
  } catch (e) {
    return (e as Error).message;
  }
};

// Expected values were produced by Go 1.26's encoding/base64 and strconv.
describe('Go ports behind the keyring texts (consul-operator-api.md §4.4)', () => {
  it('§4.4 base64.StdEncoding.DecodeString: result or `illegal base64 data at input byte N`', () => {
    const cases: Array<[string, string]> = [
      ['', 'OK '],
      ['abc', 'illegal base64 data at input byte 0'],
      ['ab==', 'OK aQ=='],
      ['abc=', 'OK abc='],
      ['a===', 'illegal base64 data at input byte 1'],
      ['ab=', 'illegal base64 data at input byte 3'],
      ['ab=x', 'illegal base64 data at input byte 2'],
      ['ab==x', 'illegal base64 data at input byte 4'],
      ['ab==\n', 'OK aQ=='],
      ['ab\n==', 'OK aQ=='],
      ['ab=\n=', 'OK aQ=='],
      ['ab=\nx', 'illegal base64 data at input byte 3'],
      ['====', 'illegal base64 data at input byte 0'],
      ['abcd====', 'illegal base64 data at input byte 4'],
      ['ab\r\ncd', 'OK abcd'],
      ['AB!', 'illegal base64 data at input byte 2'],
      ['é', 'illegal base64 data at input byte 0'],
      ['abcdé', 'illegal base64 data at input byte 4'],
      ['AgICAgICAgICAgICAgICAh==', 'OK AgICAgICAgICAgICAgICAg=='], // trailing bits ignored (not Strict)
      ['abc=\n\nx', 'illegal base64 data at input byte 6'],
      ['YWJj ZGVm', 'illegal base64 data at input byte 4'],
      ['=abc', 'illegal base64 data at input byte 0'],
      ['a=bc', 'illegal base64 data at input byte 1'],
      ['AAAA\nAA', 'illegal base64 data at input byte 5'],
    ];
    for (const [input, want] of cases) {
      expect([input, attempt(() => goBase64StdDecode(input).toString('base64'))]).toEqual([input, want]);
    }
  });

  it('§4.4 strconv.Atoi (relay-factor) and strconv.ParseBool (local-only) error texts', () => {
    const atoi: Array<[string, string]> = [
      ['x', 'strconv.Atoi: parsing "x": invalid syntax'],
      ['+', 'strconv.Atoi: parsing "+": invalid syntax'],
      ['-', 'strconv.Atoi: parsing "-": invalid syntax'],
      ['+5', 'OK 5'],
      ['-1', 'OK -1'],
      ['1.5', 'strconv.Atoi: parsing "1.5": invalid syntax'],
      ['9223372036854775808', 'strconv.Atoi: parsing "9223372036854775808": value out of range'],
      ['99999999999999999999x', 'strconv.Atoi: parsing "99999999999999999999x": value out of range'],
      ['1_0', 'strconv.Atoi: parsing "1_0": invalid syntax'],
      [' 1', 'strconv.Atoi: parsing " 1": invalid syntax'],
    ];
    for (const [input, want] of atoi) expect([input, attempt(() => goAtoi(input))]).toEqual([input, want]);
    const bools: Array<[string, string]> = [
      ['t', 'OK true'],
      ['FALSE', 'OK false'],
      ['yes', 'strconv.ParseBool: parsing "yes": invalid syntax'],
      ['tRUE', 'strconv.ParseBool: parsing "tRUE": invalid syntax'],
    ];
    for (const [input, want] of bools) expect([input, attempt(() => goParseBool(input))]).toEqual([input, want]);
  });

  it('§4.4 go-multierror ListFormatFunc', () => {
    expect(multierrorText(['a'])).toBe('1 error occurred:\n\t* a\n\n');
    expect(multierrorText(['a', 'b'])).toBe('2 errors occurred:\n\t* a\n\t* b\n\n');
  });
});
