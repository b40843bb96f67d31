import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { DesiredAutopilot, LiveAutopilot } from '../model/resources.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';
import { HEALTH_DEPENDENT_FIELDS } from '../schema/autopilot.js';
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
  if (typeof value !== 'object' || value === null || typeof value.ModifyIndex !== 'number') {
    throw new OpstackError(
      'ServerError',
      `GET ${AUTOPILOT_PATH} at ${client.connection.baseUrl} did not return an autopilot configuration.`,
      'Check that the address is a server agent.',
    );
  }
  const declared = desired.declared as Readonly<Record<string, unknown>>;
  const live = value as Readonly<Record<string, unknown>>;
  // These fields are numbers and booleans, so strict inequality is the planner's comparison too.
  const needsHealth = HEALTH_DEPENDENT_FIELDS.some(
    (field) => declared[field] !== undefined && declared[field] !== live[field],
  );
  const servers = needsHealth ? await readServerHealth(client, query) : null;
  return { type: desired.type, config: value, servers } as LiveAutopilot;
}
