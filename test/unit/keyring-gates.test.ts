// The keyring conditions apply waits for and checks before a write (src/apply/keyring-gates.ts),
// measured on pools as a keyring list reports them (consul-operator-api.md §4.7).
import { describe, expect, it } from 'vitest';
import { coverageOf, describeCoverage, describeNodeMessages, isCovered } from '../../src/apply/keyring-gates.js';
import type { KeyringPool } from '../../src/model/keyring.js';
import type { KeyringCondition } from '../../src/model/plan.js';

const [OLD, NEW, OTHER] = ['sha256:00000001', 'sha256:00000002', 'sha256:00000003'];

function pool(
  name: string,
  numNodes: number,
  keys: Record<string, number>,
  primaryKeys: Record<string, number> | null,
): KeyringPool {
  return { name, numNodes, keys, primaryKeys, messages: {} };
}

/** Half-way through a rotation: the WAN pool has the new key everywhere, one LAN node lacks it. */
const midRotation = [
  pool('WAN', 3, { [OLD]: 3, [NEW]: 3 }, { [OLD]: 3 }),
  pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 4 }, { [OLD]: 5 }),
];
const have = (pools: readonly KeyringPool[], condition: KeyringCondition) =>
  coverageOf(pools, condition).map((c) => `${c.have}/${c.total}`);

describe('keyring gates', () => {
  it('keys-installed counts the nodes that have every named key', () => {
    expect(have(midRotation, { kind: 'keys-installed', fingerprints: [NEW] })).toEqual(['3/3', '4/5']);
    expect(have(midRotation, { kind: 'keys-installed', fingerprints: [OLD, NEW] })).toEqual(['3/3', '4/5']);
    expect(have(midRotation, { kind: 'keys-installed', fingerprints: [OTHER] })).toEqual(['0/3', '0/5']);
  });

  it('key-primary holds only where every node has that one primary', () => {
    const switching = [
      pool('WAN', 3, { [OLD]: 3, [NEW]: 3 }, { [NEW]: 3 }),
      pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 5 }, { [NEW]: 4, [OLD]: 1 }),
    ];
    expect(have(switching, { kind: 'key-primary', fingerprint: NEW })).toEqual(['3/3', '0/5']);
    expect(isCovered(coverageOf(switching, { kind: 'key-primary', fingerprint: NEW }))).toBe(false);
  });

  it('key-primary cannot be met where a product does not report primaries (Nomad)', () => {
    expect(have([pool('global', 3, { [NEW]: 3 }, null)], { kind: 'key-primary', fingerprint: NEW })).toEqual(['0/3']);
  });

  it('only-keys counts the nodes with no other key: the one with most nodes decides', () => {
    const removing = [pool('dc1 LAN', 5, { [NEW]: 5, [OLD]: 2, [OTHER]: 1 }, { [NEW]: 5 })];
    expect(have(removing, { kind: 'only-keys', fingerprints: [NEW] })).toEqual(['3/5']);
    expect(have(removing, { kind: 'only-keys', fingerprints: [NEW, OLD] })).toEqual(['4/5']);
  });

  it('safe-to-remove: no node uses the key as primary and every node keeps the declared keys', () => {
    const condition: KeyringCondition = { kind: 'safe-to-remove', fingerprint: OLD, keep: [NEW] };
    expect(have(midRotation, condition)).toEqual(['0/3', '0/5']);
    const switched = [pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 5 }, { [NEW]: 5 })];
    expect(isCovered(coverageOf(switched, condition))).toBe(true);
    const oneLacksNew = [pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 4 }, { [NEW]: 4, [OLD]: 1 })];
    expect(have(oneLacksNew, condition)).toEqual(['4/5']);
    // Without primaries (Nomad) only the kept keys are measured; serf refuses a primary's removal itself.
    expect(have([pool('global', 3, { [OLD]: 3, [NEW]: 3 }, null)], condition)).toEqual(['3/3']);
  });

  it('describes coverage per pool and the nodes that reported a problem', () => {
    const failing = [{ ...midRotation[1]!, messages: { 'dc1-client-2': 'key not installed' } }];
    const coverage = coverageOf([midRotation[0]!, ...failing], { kind: 'keys-installed', fingerprints: [NEW] });
    expect(describeCoverage(coverage)).toBe('WAN: 3/3 nodes, dc1 LAN: 4/5 nodes');
    expect(describeNodeMessages(coverage)).toEqual(['dc1-client-2 (dc1 LAN): key not installed']);
  });
});
