import type { DeclaredKey, KeyringPool } from '../model/keyring.js';
import type { AttributeChange, ResourceChange } from '../model/plan.js';
import type { DesiredGossipKeyring, LiveGossipKeyring } from '../model/resources.js';
import { KEYRING_API } from '../schema/api-paths.js';
import { describeReference } from '../secrets/describe-reference.js';
import { resourceAddress } from '../util/resource-address.js';
import { keyringNotes } from './notes/keyring-notes.js';
import { identityOf, type ResourcePlan, type UnnumberedStep } from './resource-plan.js';

type Operation = 'install' | 'use' | 'remove';
type WaitCondition = Extract<UnnumberedStep, { kind: 'wait' }>['until'];

/**
 * Plans a gated gossip-key rotation, Consul's (consul-operator-api.md §4.4) or Nomad's
 * (nomad-operator-api.md §3.8). Phases, each only when needed: install every declared key some
 * node lacks → wait until every node of every pool has all declared keys → make the first key
 * primary → wait until it is primary on every node → remove every key not declared → wait until
 * no node has them. A key is made primary only after every node has it, and removed only while
 * every node has every declared key and (where primaries are reported) none uses it as primary;
 * apply re-checks both just before the write. Pure: it sees fingerprints, never keys.
 *
 * Nomad does not report primary keys. There a 200 to `use` means every server switched (serf
 * fails the call when any server fails or does not answer), so no wait follows it; and since
 * the primary cannot be read, `use` is planned whenever keys are installed or removed, or when
 * the one key every server holds is not the declared primary.
 */
export function planGossipKeyring(desired: DesiredGossipKeyring, live: LiveGossipKeyring): ResourcePlan {
  const address = resourceAddress(desired);
  const declared = desired.keys.map((k) => k.fingerprint);
  const primary = desired.keys[0];
  if (!primary) throw new Error(`internal: ${address} declares no key`);
  const api = KEYRING_API[desired.type === 'opstack_consul_gossip_keyring' ? 'consul' : 'nomad'];
  const everywhere = (count: (pool: KeyringPool) => number) =>
    live.pools.every((pool) => count(pool) === pool.numNodes);
  const toInstall = desired.keys.filter((k) => !everywhere((pool) => pool.keys[k.fingerprint] ?? 0));
  const toRemove = liveKeysOf(live).filter((fingerprint) => !declared.includes(fingerprint));
  const reported = live.pools.every((pool) => pool.primaryKeys !== null);
  const primaries = livePrimaries(live);
  const primaryEverywhere =
    primaries === null
      ? toInstall.length === 0 && toRemove.length === 0
      : primaries.length === 1 &&
        primaries[0] === primary.fingerprint &&
        (!reported || everywhere((pool) => pool.primaryKeys?.[primary.fingerprint] ?? 0));
  const relayFactor = desired.type === 'opstack_consul_gossip_keyring' ? desired.relayFactor : undefined;
  const query: Record<string, string> = relayFactor === undefined ? {} : { 'relay-factor': String(relayFactor) };
  const write = (operation: Operation, key: DeclaredKey | string, description: string): UnnumberedStep => {
    const fingerprint = typeof key === 'string' ? key : key.fingerprint;
    const source =
      typeof key === 'string'
        ? { kind: 'live' as const, fingerprint }
        : { kind: 'reference' as const, reference: key.reference, fingerprint };
    const precondition =
      operation === 'use'
        ? { kind: 'keys-installed' as const, fingerprints: declared }
        : operation === 'remove'
          ? { kind: 'safe-to-remove' as const, fingerprint, keep: declared }
          : undefined;
    const { method, path } = api[operation];
    const body = { Key: fingerprint };
    return {
      kind: 'http',
      address,
      description,
      method,
      path,
      query,
      body,
      key: source,
      ...(precondition ? { precondition } : {}),
      expect: 'status-200',
    };
  };
  const wait = (description: string, until: WaitCondition): UnnumberedStep => ({
    kind: 'wait',
    address,
    description,
    polls: api.list,
    until,
  });
  const steps: UnnumberedStep[] = [];
  for (const key of toInstall) {
    steps.push(write('install', key, `install gossip key ${key.fingerprint} (${describeReference(key.reference)})`));
  }
  if (toInstall.length > 0 || !primaryEverywhere) {
    steps.push(
      wait(`wait until every node has ${declared.join(', ')}`, { kind: 'keys-installed', fingerprints: declared }),
    );
  }
  if (!primaryEverywhere) {
    steps.push(write('use', primary, `make ${primary.fingerprint} the primary gossip key`));
    if (reported) {
      const until = { kind: 'key-primary', fingerprint: primary.fingerprint } as const;
      steps.push(wait(`wait until ${primary.fingerprint} is primary on every node`, until));
    }
  }
  for (const fingerprint of toRemove) {
    steps.push(write('remove', fingerprint, `remove gossip key ${fingerprint} (not declared in the stack)`));
  }
  if (toRemove.length > 0) {
    steps.push(wait(`wait until no node has ${toRemove.join(', ')}`, { kind: 'only-keys', fingerprints: declared }));
  }
  const rotation = { rotating: steps.length > 0, removing: toRemove, primaryUnknown: primaries === null };
  const notes = keyringNotes(desired.keys, live, rotation);
  return { changes: [{ ...keyringChange(desired, live, steps.length > 0), notes }], steps };
}

function liveKeysOf(live: LiveGossipKeyring): string[] {
  return [...new Set(live.pools.flatMap((pool) => Object.keys(pool.keys)))].sort();
}

/**
 * The primary keys the nodes use, sorted; null when unknown: the product does not report them
 * (Nomad) and the nodes hold more than one key between them. A node always has a primary, so
 * one key held by every node is the primary.
 */
function livePrimaries(live: LiveGossipKeyring): string[] | null {
  if (live.pools.every((pool) => pool.primaryKeys !== null)) {
    return [...new Set(live.pools.flatMap((pool) => Object.keys(pool.primaryKeys ?? {})))].sort();
  }
  const keys = liveKeysOf(live);
  const only = keys.length === 1 ? keys[0] : undefined;
  return only !== undefined && live.pools.every((pool) => pool.keys[only] === pool.numNodes) ? [only] : null;
}

type ChangeWithoutNotes = Omit<ResourceChange, 'notes'>;

function keyringChange(desired: DesiredGossipKeyring, live: LiveGossipKeyring, changed: boolean): ChangeWithoutNotes {
  const liveKeys = liveKeysOf(live);
  const primaries = livePrimaries(live);
  const livePrimary = primaries === null ? null : primaries.length === 1 ? primaries[0] : primaries;
  const before = { keys: liveKeys, primary_key: livePrimary };
  const after = {
    keys: desired.keys.map((k) => ({ fingerprint: k.fingerprint, reference: describeReference(k.reference) })),
    primary_key: desired.keys[0]?.fingerprint,
    ...(desired.type === 'opstack_consul_gossip_keyring' && desired.relayFactor !== undefined
      ? { relay_factor: desired.relayFactor }
      : {}),
  };
  const afterKeys = desired.keys.map((k) => k.fingerprint);
  const keysChanged = JSON.stringify([...afterKeys].sort()) !== JSON.stringify(liveKeys);
  const primaryChanged = primaries !== null && JSON.stringify(primaries) !== JSON.stringify([after.primary_key]);
  const changes: AttributeChange[] = [
    ...(keysChanged ? [{ attribute: 'keys', before: liveKeys, after: afterKeys }] : []),
    ...(primaryChanged ? [{ attribute: 'primary_key', before: livePrimary, after: after.primary_key }] : []),
  ];
  const coverage = { attribute: 'coverage', before: 'nodes disagree', after: 'every node agrees' };
  return {
    ...identityOf(desired),
    action: changed ? 'update' : 'no-op',
    before,
    after,
    changes: changed && changes.length === 0 ? [coverage] : changes,
    unchangedCount: (primaries === null ? 1 : 2) - changes.length,
  };
}
