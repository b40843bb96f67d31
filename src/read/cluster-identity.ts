import type { ApiClient } from '../api/api-client.js';
import type { ClusterIdentity } from '../model/target.js';
import { normaliseBaseUrl } from '../util/cluster-address.js';
import { readAutopilotHealth } from './raft-and-health.js';

/**
 * Which cluster a client reaches: its normalised address, the datacenter or region it names, and
 * the raft server IDs autopilot health lists (consul-operator-api.md §4.6, nomad-operator-api.md
 * §3.5: `operator:read` on both, where the raft configuration needs a management token on Nomad).
 */
export async function readClusterIdentity(client: ApiClient): Promise<ClusterIdentity> {
  const health = await readAutopilotHealth(client);
  return {
    address: normaliseBaseUrl(client.connection.baseUrl),
    scope: client.connection.scope?.value ?? '',
    serverIds: (health.Servers ?? []).map((s) => s.ID).sort(),
  };
}
