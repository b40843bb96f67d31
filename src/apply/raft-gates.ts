import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { HttpStep, RaftGuard } from '../model/plan.js';
import { judgeRemoval } from '../plan/raft-guards.js';
import { readRaftPeers } from '../read/raft-peers.js';

/**
 * Re-judges, on a fresh read just before the DELETE, the removal of this raft peer by the rules
 * the plan judged it with (plan/raft-guards.ts). The read already reflects the removals before
 * it, so plan and apply agree. Returns 'gone' when the peer already left the configuration.
 */
export async function checkPeerRemovable(
  step: HttpStep,
  precondition: RaftGuard,
  client: ApiClient,
): Promise<'removable' | 'gone'> {
  const product = client.connection.product;
  const live = await readRaftPeers(client, { product, datacenter: step.query.dc ?? '' });
  if (!live.servers.some((s) => s.ID === precondition.id)) return 'gone';
  const verdict = judgeRemoval(live, precondition.id, precondition);
  if (!verdict.ok) {
    throw new OpstackError(
      'GuardRefused',
      `${step.address}: refusing, just before the DELETE, to ${step.description}: ${verdict.reason}`,
      'The cluster changed since the plan. Nothing was written by this step; fix the cluster, then plan again.',
    );
  }
  return 'removable';
}
