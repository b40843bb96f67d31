import type { ApiClient } from '../api/api-client.js';
import type { ConsulAutopilotLive } from '../model/autopilot.js';
import { OpstackError } from '../model/errors.js';
import type { LiveConsulAutopilot } from '../model/resources.js';

import { AUTOPILOT_PATH } from '../schema/consul-paths.js';

/** One GET of the datacenter's autopilot configuration (consul-operator-api.md §4.5). */
export async function readConsulAutopilot(client: ApiClient, datacenter: string): Promise<LiveConsulAutopilot> {
  const { value } = await client.read<ConsulAutopilotLive>(AUTOPILOT_PATH, { dc: datacenter });
  if (typeof value !== 'object' || value === null || typeof value.ModifyIndex !== 'number') {
    throw new OpstackError('ServerError', `GET ${AUTOPILOT_PATH} in datacenter "${datacenter}" did not return an autopilot configuration.`, 'Check that the address is a Consul server agent.');
  }
  return { type: 'consul_autopilot_config', config: value };
}
