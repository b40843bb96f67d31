import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { AreaMember, ConsulArea } from '../model/resources.js';
import { AREA_PATH } from '../schema/api-paths.js';

/**
 * One `GET /v1/operator/area` for a datacenter (consul-operator-api.md §4.8). Consul CE does
 * not have the endpoint and answers 404; that is reported as what it means.
 */
export async function readConsulAreas(client: ApiClient, datacenter: string): Promise<ConsulArea[]> {
  try {
    const { value } = await client.read<ConsulArea[] | null>(AREA_PATH, { dc: datacenter });
    return value ?? [];
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'UnknownEndpoint') {
      throw new OpstackError('EnterpriseRequired', `Network areas need Consul Enterprise, but Consul at ${client.connection.baseUrl} (datacenter "${datacenter}") has no ${AREA_PATH} endpoint (404): it is Consul CE.`, 'Remove the network areas from this stack, or point it at a Consul Enterprise cluster. Other stacks are not affected.');
    }
    throw error;
  }
}

/** `GET /v1/operator/area/<id>/members` (§4.8): the serf members of the area, as opstack uses them. */
export async function readAreaMembers(client: ApiClient, datacenter: string, id: string): Promise<AreaMember[]> {
  const path = `${AREA_PATH}/${encodeURIComponent(id)}/members`;
  const { value } = await client.read<AreaMember[] | null>(path, { dc: datacenter });
  if (value !== null && !Array.isArray(value)) {
    const hint = 'Check that the address is a Consul Enterprise server.';
    throw new OpstackError('ServerError', `GET ${path} did not return a list.`, hint);
  }
  return (value ?? []).map(({ Name, Datacenter, Status }) => ({ Name, Datacenter, Status }));
}
