import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { AutopilotServer } from '../model/resources.js';
import { AUTOPILOT_HEALTH_PATH, RAFT_CONFIGURATION_PATH } from '../schema/api-paths.js';

/**
 * `GET /v1/operator/raft/configuration` (consul-operator-api.md §4.1, nomad-operator-api.md §3.1), the fields opstack
 * uses.
 */
export interface RaftConfigurationResponse {
  Servers: { ID: string; Node: string; Address: string; Leader: boolean; Voter: boolean }[] | null;
}

/** `GET /v1/operator/autopilot/health` (§4.6 / §3.5), the fields opstack uses. */
export interface AutopilotHealthResponse {
  Healthy: boolean;
  FailureTolerance: number;
  Servers: (AutopilotServer & { LastContact: string })[] | null;
}

export async function readRaftConfiguration(client: ApiClient, query: Record<string, string> = {}): Promise<RaftConfigurationResponse> {
  return (await client.read<RaftConfigurationResponse>(RAFT_CONFIGURATION_PATH, query)).value;
}

/** Autopilot health; an unhealthy cluster answers 429 with the same body, which is read like a 200. */
export async function readAutopilotHealth(client: ApiClient, query: Record<string, string> = {}): Promise<AutopilotHealthResponse> {
  return (await client.read<AutopilotHealthResponse>(AUTOPILOT_HEALTH_PATH, query, [200, 429])).value;
}

/** The servers of autopilot health, as risk notes use them (`Servers: null` before autopilot's first pass → none). */
export async function readServerHealth(client: ApiClient, query: Record<string, string> = {}): Promise<AutopilotServer[]> {
  const servers = (await readAutopilotHealth(client, query)).Servers ?? [];
  if (!Array.isArray(servers)) {
    const where = `GET ${AUTOPILOT_HEALTH_PATH} at ${client.connection.baseUrl}`;
    throw new OpstackError('ServerError', `${where} did not list servers.`, 'Check that it is a server agent.');
  }
  return servers.map(({ ID, Name, SerfStatus, Healthy, Voter, Leader, LastIndex }) => {
    return { ID, Name, SerfStatus, Healthy, Voter, Leader, LastIndex };
  });
}
