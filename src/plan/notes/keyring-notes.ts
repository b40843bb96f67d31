import type { DeclaredKey, KeyringPool } from '../../model/keyring.js';
import type { Note } from '../../model/notes.js';
import type { LiveGossipKeyring } from '../../model/resources.js';
import { isAre, listOf } from './words.js';

/** What the keyring plan will do, as the notes need it. */
export interface Rotation {
  /** True when the plan has steps (something is installed, made primary or removed). */
  readonly rotating: boolean;
  /** Fingerprints of the live keys the plan removes. */
  readonly removing: readonly string[];
  /** True when the product does not report primaries (Nomad) and the live keys do not tell it. */
  readonly primaryUnknown: boolean;
}

/**
 * Notes of a keyring change: its coverage per pool (facts), and the risks of rotating now —
 * nodes that are failed or lack a key the pool already uses (consul-operator-api.md §4.4: a
 * keyring query reaches and counts only alive members, so a failed server keeps its old keys),
 * and removing the last key a failed server still holds. Nomad's servers span regions whose
 * autopilot health each covers only its own, so failed Nomad servers are not read: Nomad's
 * keyring notes are the coverage, the nodes that reported a problem, and the unreported primary.
 */
export function keyringNotes(keys: readonly DeclaredKey[], live: LiveGossipKeyring, rotation: Rotation): Note[] {
  const notes: Note[] = live.pools.map((pool) => ({
    code: 'keyring-coverage',
    severity: 'info',
    message: describeCoverage(pool, keys),
  }));
  if (rotation.primaryUnknown) {
    notes.push({
      code: 'primary-unreported',
      severity: 'info',
      message:
        `Nomad does not report which key is primary; opstack makes ${keys[0]?.fingerprint ?? ''} primary ` +
        'whenever it changes the keyring',
    });
  }
  if (!rotation.rotating) return notes;
  const failedServers = live.type === 'opstack_consul_gossip_keyring' ? live.failedServers : [];
  if (failedServers === null) {
    notes.push({
      code: 'failed-servers-unknown',
      severity: 'info',
      message: 'failed servers are unknown: autopilot health could not be read (it needs operator:read)',
    });
  }
  const failed = failedServers ?? [];
  const unreached = failed.map((name) => `${name} is failed (keyring writes do not reach it)`);
  const unhealthy = [...unreached, ...lagging(live.pools)];
  if (unhealthy.length > 0) {
    notes.push({
      code: 'rotation-with-unhealthy-nodes',
      severity: 'warning',
      message: `rotating while ${unhealthy.join('; ')}`,
    });
  }
  const liveKeys = new Set(live.pools.flatMap((pool) => Object.keys(pool.keys)));
  const kept = keys.filter((k) => liveKeys.has(k.fingerprint));
  if (failed.length > 0 && rotation.removing.length > 0 && kept.length === 0) {
    notes.push({
      code: 'key-removal-strands-failed-node',
      severity: 'danger',
      message:
        `removing ${listOf(rotation.removing)} removes every key ${listOf(failed)} still ` +
        `${failed.length === 1 ? 'uses' : 'use'}: ` +
        `${failed.length === 1 ? 'it' : 'they'} ${isAre(failed.length)} failed and cannot receive the new key, ` +
        'so on return cannot decrypt gossip. Keep a current key declared until they are back or gone',
    });
  }
  return notes;
}

/** Nodes that reported a problem, and pools where a key already in use is not on every node. */
function lagging(pools: readonly KeyringPool[]): string[] {
  return pools.flatMap((pool) => [
    ...Object.keys(pool.messages).map((node) => `${node} (${pool.name}) reported a problem`),
    ...Object.entries(pool.keys)
      .filter(([, count]) => count < pool.numNodes)
      .map(([key, count]) => `${pool.numNodes - count} of ${pool.numNodes} nodes in ${pool.name} lack ${key}`),
  ]);
}

/**
 * `dc1 LAN: sha256:1a2b3c4d on 3/5 nodes; primary sha256:1a2b3c4d on 0/5` (the primary part
 * only where the product reports primaries), plus node messages.
 */
function describeCoverage(pool: KeyringPool, keys: readonly DeclaredKey[]): string {
  const primary = keys[0]?.fingerprint ?? '';
  const parts = keys.map((k) => `${k.fingerprint} on ${pool.keys[k.fingerprint] ?? 0}/${pool.numNodes}`);
  const messages = Object.entries(pool.messages).map(([node, message]) => `${node}: ${message}`);
  const primaryPart =
    pool.primaryKeys === null ? '' : `; primary ${primary} on ${pool.primaryKeys[primary] ?? 0}/${pool.numNodes}`;
  const problems = messages.length ? `; ${messages.join('; ')}` : '';
  return `${pool.name}: ${parts.join(', ')} nodes${primaryPart}${problems}`;
}
