import type { ApiClient } from '../api/api-client.js';
import type { DesiredRaftPeersAbsent, LiveRaftPeers, RaftServer } from '../model/resources.js';
import { AUTOPILOT_HEALTH_PATH, AUTOPILOT_PATH, RAFT_CONFIGURATION_PATH } from '../schema/api-paths.js';

interface Health {
  Healthy: boolean;
  Servers: { ID: string; Healthy: boolean }[] | null;
}

/**
 * What the removal guards need, read together: the raft configuration, autopilot health (its 429
 * carries the same body, consul-operator-api.md §4.6, nomad-operator-api.md §3.5), and MinQuorum
 * from the autopilot configuration.
 */
export async function readRaftPeers(client: ApiClient, desired: Pick<DesiredRaftPeersAbsent, 'product' | 'datacenter'>): Promise<LiveRaftPeers> {
  const query: Record<string, string> = desired.product === 'consul' ? { dc: desired.datacenter } : {};
  const [raft, health, autopilot] = await Promise.all([
    client.read<{ Servers: RaftServer[] | null }>(RAFT_CONFIGURATION_PATH, query),
    client.read<Health>(AUTOPILOT_HEALTH_PATH, query, [200, 429]),
    client.read<{ MinQuorum?: number }>(AUTOPILOT_PATH, query),
  ]);
  return {
    type: 'opstack_raft_peers_absent',
    servers: (raft.value.Servers ?? []).map(({ ID, Node, Address, Leader, Voter }) => ({ ID, Node, Address, Leader, Voter })),
    healthy: Object.fromEntries((health.value.Servers ?? []).map((s) => [s.ID, s.Healthy])),
    clusterHealthy: health.value.Healthy,
    minQuorum: autopilot.value.MinQuorum ?? 0,
  };
}
