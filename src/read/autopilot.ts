import type { ApiClient } from '../api/api-client.js';
import type { DesiredAutopilot, LiveAutopilot } from '../model/resources.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';
import { autopilotAttributes, type AutopilotType, type FieldKind } from '../schema/autopilot.js';
import { HEALTH_DEPENDENT_FIELDS } from '../schema/autopilot.js';
import { fieldProblem, type FieldType, unexpectedAnswer } from './answer-shape.js';
import { readServerHealth } from './raft-and-health.js';

/**
 * One GET of the autopilot configuration (consul-operator-api.md §4.5, nomad-operator-api.md
 * §3.4). Consul's is read in the resource's datacenter; Nomad's in the stack's region. When the
 * plan will change a field whose risk depends on the servers (MinQuorum against the voters,
 * CleanupDeadServers against failed servers, MaxTrailingLogs against lag), autopilot health is
 * read next (§4.6 / §3.5): the one extra GET risk notes cost, and only for such a change, so a
 * plan with nothing to change (drift detection) still reads one object.
 */
export async function readAutopilot(client: ApiClient, desired: DesiredAutopilot): Promise<LiveAutopilot> {
  const query: Record<string, string> = desired.type === 'consul_autopilot_config' ? { dc: desired.datacenter } : {};
  const { value } = await client.read<LiveAutopilot['config']>(AUTOPILOT_PATH, query);
  const problem = fieldProblem(value, answerFields(desired.type, value), 'the configuration');
  if (problem) throw unexpectedAnswer(client, AUTOPILOT_PATH, problem);
  const declared = desired.declared as Readonly<Record<string, unknown>>;
  const live = value as Readonly<Record<string, unknown>>;
  // These fields are numbers and booleans, so strict inequality is the planner's comparison too.
  const needsHealth = HEALTH_DEPENDENT_FIELDS.some(
    (field) => declared[field] !== undefined && declared[field] !== live[field],
  );
  const servers = needsHealth ? await readServerHealth(client, query) : null;
  return { type: desired.type, config: value, servers } as LiveAutopilot;
}

const ANSWER_TYPE: Record<FieldKind, FieldType> = {
  bool: 'boolean',
  duration: 'string',
  uint: 'count',
  string: 'string',
};

/**
 * The fields an autopilot answer must hold with their types: ModifyIndex (the CAS token), and each
 * setting it reports with its type (a setting an older server does not have is not required).
 */
function answerFields(type: AutopilotType, value: unknown): Record<string, FieldType> {
  const reported = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const settings = autopilotAttributes(type).filter(({ field }) => reported[field] !== undefined);
  return { ModifyIndex: 'count', ...Object.fromEntries(settings.map(({ field, kind }) => [field, ANSWER_TYPE[kind]])) };
}
