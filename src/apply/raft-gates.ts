import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { HttpStep } from '../model/plan.js';
import { removalRefusal } from '../plan/raft-guards.js';
import { readRaftPeers } from '../read/raft-peers.js';

/**
 * Re-checks, on a fresh read just before the DELETE, that removing this raft peer is still safe
 * (the same rules as when planning). Returns 'gone' when the peer already left the configuration.
 */
export async function checkPeerRemovable(step: HttpStep, id: string, client: ApiClient): Promise<'removable' | 'gone'> {
  const product = client.connection.product;
  const live = await readRaftPeers(client, { product, datacenter: step.query.dc ?? '' });
  if (!live.servers.some((s) => s.ID === id)) return 'gone';
  const refusal = removalRefusal(live, [id]);
  if (refusal) {
    throw new OpstackError('GuardRefused', `${step.address}: refusing, just before the DELETE, to ${step.description}: ${refusal}`, 'The cluster changed since the plan. Nothing was written by this step; fix the cluster, then plan again.');
  }
  return 'removable';
}
