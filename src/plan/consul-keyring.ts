import type { DeclaredKey, KeyringPool } from '../model/keyring.js';
import { describeReference } from '../secrets/describe-reference.js';
import type { ResourceChange } from '../model/plan.js';
import { type DesiredConsulKeyring, type LiveConsulKeyring } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { KEYRING_PATH } from '../schema/api-paths.js';
import { keyringNotes } from './notes/keyring-notes.js';
import { identityOf, type ResourcePlan, type UnnumberedStep } from './resource-plan.js';

/**
 * Plans a gated gossip-key rotation (consul-operator-api.md §4.4). Phases, each only when needed:
 * install every declared key some node lacks → wait until every node of every pool has all
 * declared keys → make the first key primary → wait until it is primary on every node → remove
 * every key not declared → wait until no node has them. A key is made primary only after every
 * node has it, and removed only once no node uses it as primary; apply re-checks both just before
 * the write. Pure: it sees fingerprints, never keys.
 */
export function planConsulKeyring(desired: DesiredConsulKeyring, live: LiveConsulKeyring): ResourcePlan {
  const address = resourceAddress(desired);
  const declared = desired.keys.map((k) => k.fingerprint);
  const primary = desired.keys[0];
  if (!primary) throw new Error(`internal: ${address} declares no key`);
  const everywhere = (counts: (pool: KeyringPool) => number) => live.pools.every((pool) => counts(pool) === pool.numNodes);
  const toInstall = desired.keys.filter((k) => !everywhere((pool) => pool.keys[k.fingerprint] ?? 0));
  const primaryEverywhere = live.pools.every((pool) => (pool.primaryKeys[primary.fingerprint] ?? 0) === pool.numNodes && Object.keys(pool.primaryKeys).length === 1);
  const liveKeys = [...new Set(live.pools.flatMap((pool) => Object.keys(pool.keys)))].sort();
  const toRemove = liveKeys.filter((fingerprint) => !declared.includes(fingerprint));
  const query: Record<string, string> = desired.relayFactor === undefined ? {} : { 'relay-factor': String(desired.relayFactor) };
  const write = (method: 'POST' | 'PUT' | 'DELETE', key: DeclaredKey | string, description: string): UnnumberedStep => {
    const fingerprint = typeof key === 'string' ? key : key.fingerprint;
    return {
      kind: 'http',
      address,
      description,
      method,
      path: KEYRING_PATH,
      query,
      body: { Key: fingerprint },
      key: typeof key === 'string' ? { kind: 'live', fingerprint } : { kind: 'reference', reference: key.reference, fingerprint },
      ...(method === 'PUT' ? { precondition: { kind: 'keys-installed', fingerprints: declared } } : {}),
      ...(method === 'DELETE' ? { precondition: { kind: 'safe-to-remove', fingerprint, keep: declared } } : {}),
      expect: 'status-200',
    };
  };
  const steps: UnnumberedStep[] = [];
  for (const key of toInstall) steps.push(write('POST', key, `install gossip key ${key.fingerprint} (${describeReference(key.reference)})`));
  if (toInstall.length > 0 || !primaryEverywhere) {
    steps.push({ kind: 'wait', address, description: `wait until every node has ${declared.join(', ')}`, until: { kind: 'keys-installed', fingerprints: declared } });
  }
  if (!primaryEverywhere) {
    steps.push(write('PUT', primary, `make ${primary.fingerprint} the primary gossip key`));
    steps.push({ kind: 'wait', address, description: `wait until ${primary.fingerprint} is primary on every node`, until: { kind: 'key-primary', fingerprint: primary.fingerprint } });
  }
  for (const fingerprint of toRemove) steps.push(write('DELETE', fingerprint, `remove gossip key ${fingerprint} (not declared in the stack)`));
  if (toRemove.length > 0) {
    steps.push({ kind: 'wait', address, description: `wait until no node has ${toRemove.join(', ')}`, until: { kind: 'only-keys', fingerprints: declared } });
  }
  const notes = keyringNotes(desired.keys, live, { rotating: steps.length > 0, removing: toRemove });
  return { changes: [{ ...keyringChange(desired, live, steps.length > 0), notes }], steps };
}

type ChangeWithoutNotes = Omit<ResourceChange, 'notes'>;

function keyringChange(desired: DesiredConsulKeyring, live: LiveConsulKeyring, changed: boolean): ChangeWithoutNotes {
  const liveKeys = [...new Set(live.pools.flatMap((pool) => Object.keys(pool.keys)))].sort();
  const livePrimaries = [...new Set(live.pools.flatMap((pool) => Object.keys(pool.primaryKeys)))].sort();
  const before = { keys: liveKeys, primary_key: livePrimaries.length === 1 ? livePrimaries[0] : livePrimaries };
  const after = {
    keys: desired.keys.map((k) => ({ fingerprint: k.fingerprint, reference: describeReference(k.reference) })),
    primary_key: desired.keys[0]?.fingerprint,
    ...(desired.relayFactor === undefined ? {} : { relay_factor: desired.relayFactor }),
  };
  const afterKeys = desired.keys.map((k) => k.fingerprint);
  const changes = [
    ...(JSON.stringify([...afterKeys].sort()) !== JSON.stringify(liveKeys) ? [{ attribute: 'keys', before: liveKeys, after: afterKeys }] : []),
    ...(JSON.stringify(livePrimaries) !== JSON.stringify([after.primary_key]) ? [{ attribute: 'primary_key', before: before.primary_key, after: after.primary_key }] : []),
  ];
  return {
    ...identityOf(desired),
    action: changed ? 'update' : 'no-op',
    before,
    after,
    changes: changed && changes.length === 0 ? [{ attribute: 'coverage', before: 'nodes disagree', after: 'every node agrees' }] : changes,
    unchangedCount: 2 - changes.length,
  };
}
