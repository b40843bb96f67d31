import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { DesiredAutopilot, LiveAutopilot } from '../model/resources.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';

/**
 * One GET of the autopilot configuration (consul-operator-api.md §4.5, nomad-operator-api.md
 * §3.4). Consul's is read in the resource's datacenter; Nomad's in the stack's region.
 */
export async function readAutopilot(client: ApiClient, desired: DesiredAutopilot): Promise<LiveAutopilot> {
  const query: Record<string, string> = desired.type === 'consul_autopilot_config' ? { dc: desired.datacenter } : {};
  const { value } = await client.read<LiveAutopilot['config']>(AUTOPILOT_PATH, query);
  if (typeof value !== 'object' || value === null || typeof value.ModifyIndex !== 'number') {
    throw new OpstackError('ServerError', `GET ${AUTOPILOT_PATH} at ${client.connection.baseUrl} did not return an autopilot configuration.`, 'Check that the address is a server agent.');
  }
  return { type: desired.type, config: value } as LiveAutopilot;
}
