import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { ConsulArea } from '../model/resources.js';
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
