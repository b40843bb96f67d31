import { describe, expect, it } from 'vitest';
import { multierrorItems } from '../../src/api/multierror.js';

describe('go-multierror texts (consul-operator-api.md §4.4, "HTTP result")', () => {
  it('reads each item of the reference example, in order', () => {
    const body =
      '4 errors occurred:\n\t* WAN error: 1/1 nodes reported failure\n' +
      '\t* n1.dc1: Keyring is empty (encryption not enabled)\n' +
      '\t* dc1 (LAN) error: 1/1 nodes reported failure\n' +
      '\t* n1: Keyring is empty (encryption not enabled)\n\n';
    expect(multierrorItems(body)).toEqual([
      'WAN error: 1/1 nodes reported failure',
      'n1.dc1: Keyring is empty (encryption not enabled)',
      'dc1 (LAN) error: 1/1 nodes reported failure',
      'n1: Keyring is empty (encryption not enabled)',
    ]);
  });

  it('a text that is not a multierror has no items', () => {
    expect(multierrorItems('rpc error: internal')).toEqual([]);
  });
});
