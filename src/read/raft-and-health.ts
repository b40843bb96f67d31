import type { ApiClient } from '../api/api-client.js';
import type { AutopilotServer } from '../model/resources.js';
import { AUTOPILOT_HEALTH_PATH, RAFT_CONFIGURATION_PATH } from '../schema/api-paths.js';
import { fieldProblem, type FieldType, listProblem, unexpectedAnswer } from './answer-shape.js';

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

/** The fields opstack reads of each raft server; `LastIndex` is left out (absent before Consul 1.16.1, §4.1). */
const RAFT_SERVER_FIELDS: Record<string, FieldType> = {
  ID: 'string',
  Node: 'string',
  Address: 'string',
  Leader: 'boolean',
  Voter: 'boolean',
};

const HEALTH_FIELDS: Record<string, FieldType> = { Healthy: 'boolean', FailureTolerance: 'count' };

const HEALTH_SERVER_FIELDS: Record<string, FieldType> = {
  ID: 'string',
  Name: 'string',
  SerfStatus: 'string',
  LastContact: 'string',
  Healthy: 'boolean',
  Voter: 'boolean',
  Leader: 'boolean',
  LastIndex: 'count',
};

/** The raft configuration, checked field by field: guards decide removals from it, so a bad answer stops here. */
export async function readRaftConfiguration(
  client: ApiClient,
  query: Record<string, string> = {},
): Promise<RaftConfigurationResponse> {
  const { value } = await client.read<unknown>(RAFT_CONFIGURATION_PATH, query);
  const problem = fieldProblem(value, {}, 'the answer') ?? serversProblem(value, RAFT_SERVER_FIELDS);
  if (problem) throw unexpectedAnswer(client, RAFT_CONFIGURATION_PATH, problem);
  return value as RaftConfigurationResponse;
}

/** Autopilot health, checked; an unhealthy cluster answers 429 with the same body, which is read like a 200. */
export async function readAutopilotHealth(
  client: ApiClient,
  query: Record<string, string> = {},
): Promise<AutopilotHealthResponse> {
  const { value } = await client.read<unknown>(AUTOPILOT_HEALTH_PATH, query, [200, 429]);
  const problem = fieldProblem(value, HEALTH_FIELDS, 'the answer') ?? serversProblem(value, HEALTH_SERVER_FIELDS);
  if (problem) throw unexpectedAnswer(client, AUTOPILOT_HEALTH_PATH, problem);
  return value as AutopilotHealthResponse;
}

/** What is wrong with the `Servers` list of an answer already known to be an object. */
function serversProblem(answer: unknown, fields: Record<string, FieldType>): string | undefined {
  return listProblem((answer as { Servers?: unknown }).Servers, fields, 'Servers');
}

/** The servers of autopilot health, as risk notes use them (`Servers: null` before autopilot's first pass → none). */
export async function readServerHealth(
  client: ApiClient,
  query: Record<string, string> = {},
): Promise<AutopilotServer[]> {
  const servers = (await readAutopilotHealth(client, query)).Servers ?? [];
  return servers.map(({ ID, Name, SerfStatus, Healthy, Voter, Leader, LastIndex }) => {
    return { ID, Name, SerfStatus, Healthy, Voter, Leader, LastIndex };
  });
}
