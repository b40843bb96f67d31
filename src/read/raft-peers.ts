import type { ApiClient } from '../api/api-client.js';
import type { DesiredRaftPeersAbsent, LiveRaftPeers } from '../model/resources.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';
import { isCount, isObject, unexpectedAnswer } from './answer-shape.js';
import { readAutopilotHealth, readRaftConfiguration } from './raft-and-health.js';

/**
 * What the removal guards need, read together: the raft configuration, autopilot health (its 429
 * carries the same body, consul-operator-api.md §4.6, nomad-operator-api.md §3.5), and MinQuorum
 * from the autopilot configuration.
 */
export async function readRaftPeers(
  client: ApiClient,
  desired: Pick<DesiredRaftPeersAbsent, 'product' | 'datacenter'>,
): Promise<LiveRaftPeers> {
  const query: Record<string, string> = desired.product === 'consul' ? { dc: desired.datacenter } : {};
  const [raft, health, autopilot] = await Promise.all([
    readRaftConfiguration(client, query),
    readAutopilotHealth(client, query),
    client.read<unknown>(AUTOPILOT_PATH, query),
  ]);
  const config: unknown = autopilot.value;
  const minQuorum = isObject(config) ? (config.MinQuorum ?? 0) : undefined;
  const what = 'no autopilot configuration with a whole-number MinQuorum';
  if (!isCount(minQuorum)) throw unexpectedAnswer(client, AUTOPILOT_PATH, what);
  return {
    type: 'opstack_raft_peers_absent',
    servers: (raft.Servers ?? []).map(({ ID, Node, Address, Leader, Voter }) => ({ ID, Node, Address, Leader, Voter })),
    // Sorted by ID: real servers list health in Go map order (§4.6), and the plan hashes this.
    health: Object.fromEntries(
      [...(health.Servers ?? [])]
        .sort((a, b) => (a.ID < b.ID ? -1 : 1))
        .map((s) => [s.ID, { healthy: s.Healthy, serfStatus: s.SerfStatus }]),
    ),
    minQuorum,
  };
}
