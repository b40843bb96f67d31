import type { ApiClient } from '../api/api-client.js';
import type { KeyringPool } from '../model/keyring.js';
import type { KeyringCondition } from '../model/plan.js';
import { readGossipKeyring } from '../read/gossip-keyring.js';

/** One pool's distance from a condition, for progress and for error messages. */
export interface PoolCoverage {
  readonly pool: string;
  readonly have: number;
  readonly total: number;
  readonly messages: Readonly<Record<string, string>>;
}

/** How far each pool is from the condition; the condition holds when every pool has have === total. */
export function coverageOf(pools: readonly KeyringPool[], condition: KeyringCondition): PoolCoverage[] {
  return pools.map((pool) => {
    const have = (() => {
      switch (condition.kind) {
        case 'keys-installed':
          return Math.min(...condition.fingerprints.map((f) => pool.keys[f] ?? 0));
        case 'only-keys':
          return (
            pool.numNodes -
            Math.max(
              0,
              ...Object.entries(pool.keys)
                .filter(([f]) => !condition.fingerprints.includes(f))
                .map(([, count]) => count),
            )
          );
        case 'key-primary':
          // Never planned where primaries are not reported (Nomad): such a wait cannot be met.
          if (pool.primaryKeys === null) return 0;
          return Object.keys(pool.primaryKeys).length === 1 ? (pool.primaryKeys[condition.fingerprint] ?? 0) : 0;
        case 'safe-to-remove': {
          // Without reported primaries only the kept keys are checked; serf itself refuses, per
          // node, to remove a primary key (nomad-operator-api.md §3.8).
          const primaryOn = pool.primaryKeys?.[condition.fingerprint] ?? 0;
          return Math.min(pool.numNodes - primaryOn, ...condition.keep.map((f) => pool.keys[f] ?? 0));
        }
        default: {
          const unreachable: never = condition;
          return unreachable;
        }
      }
    })();
    return { pool: pool.name, have, total: pool.numNodes, messages: pool.messages };
  });
}

export const isCovered = (coverage: readonly PoolCoverage[]) => coverage.every((c) => c.have === c.total);

export function describeCoverage(coverage: readonly PoolCoverage[]): string {
  return coverage.map((c) => `${c.pool}: ${c.have}/${c.total} nodes`).join(', ');
}

/** Node-level reasons, by node name, from the pools' Messages. */
export function describeNodeMessages(coverage: readonly PoolCoverage[]): string[] {
  return coverage.flatMap((c) =>
    Object.entries(c.messages).map(([node, message]) => `${node} (${c.pool}): ${message}`),
  );
}

/** Reads the keyring and measures the condition. */
export async function measure(client: ApiClient, condition: KeyringCondition): Promise<PoolCoverage[]> {
  return coverageOf((await readGossipKeyring(client)).pools, condition);
}
