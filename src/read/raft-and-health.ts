import type { ApiClient } from '../api/api-client.js';
import { AUTOPILOT_HEALTH_PATH, RAFT_CONFIGURATION_PATH } from '../schema/api-paths.js';

/** `GET /v1/operator/raft/configuration` (consul-operator-api.md §4.1, nomad-operator-api.md §3.1), the fields opstack uses. */
export interface RaftConfigurationResponse {
  Servers: { ID: string; Node: string; Address: string; Leader: boolean; Voter: boolean }[] | null;
}

/** `GET /v1/operator/autopilot/health` (§4.6 / §3.5), the fields opstack uses. */
export interface AutopilotHealthResponse {
  Healthy: boolean;
  FailureTolerance: number;
  Servers: { ID: string; Name: string; SerfStatus: string; Healthy: boolean; LastContact: string }[] | null;
}

export async function readRaftConfiguration(client: ApiClient, query: Record<string, string> = {}): Promise<RaftConfigurationResponse> {
  return (await client.read<RaftConfigurationResponse>(RAFT_CONFIGURATION_PATH, query)).value;
}

/** Autopilot health; an unhealthy cluster answers 429 with the same body, which is read like a 200. */
export async function readAutopilotHealth(client: ApiClient, query: Record<string, string> = {}): Promise<AutopilotHealthResponse> {
  return (await client.read<AutopilotHealthResponse>(AUTOPILOT_HEALTH_PATH, query, [200, 429])).value;
}
