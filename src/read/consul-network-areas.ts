import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { AreaMember, ConsulArea } from '../model/resources.js';
import { AREA_PATH } from '../schema/api-paths.js';
import { type FieldType, readCheckedList, unexpectedAnswer } from './answer-shape.js';

/**
 * One `GET /v1/operator/area` for a datacenter (consul-operator-api.md §4.8). Consul CE does
 * not have the endpoint and answers 404; that is reported as what it means.
 */
export async function readConsulAreas(client: ApiClient, datacenter: string): Promise<ConsulArea[]> {
  try {
    const areas = await readCheckedList<ConsulArea>(client, AREA_PATH, { dc: datacenter }, AREA_FIELDS);
    const joinProblem = areas.findIndex((area) => area.RetryJoin !== null && !isListOfStrings(area.RetryJoin));
    const what = `the list[${joinProblem}].RetryJoin is not a list of addresses`;
    if (joinProblem >= 0) throw unexpectedAnswer(client, AREA_PATH, what);
    return areas;
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'UnknownEndpoint') {
      throw new OpstackError(
        'EnterpriseRequired',
        `Network areas need Consul Enterprise, but Consul at ${client.connection.baseUrl} ` +
          `(datacenter "${datacenter}") has no ${AREA_PATH} endpoint (404): it is Consul CE.`,
        'Remove the network areas from this stack, or point it at ' +
          'a Consul Enterprise cluster. Other stacks are not affected.',
      );
    }
    throw error;
  }
}

/** What opstack reads of an area (§4.8); `RetryJoin` (a list or null) is checked apart. */
const AREA_FIELDS: Record<string, FieldType> = { ID: 'string', PeerDatacenter: 'string', UseTLS: 'boolean' };

/** What `opstack status` and the plan read of an area member (§4.8). */
const MEMBER_FIELDS: Record<string, FieldType> = {
  Name: 'string',
  Addr: 'string',
  Port: 'count',
  Datacenter: 'string',
  Status: 'string',
  Build: 'string',
  RTT: 'count',
};

/** A serf member of a network area as `GET /v1/operator/area/<id>/members` lists it. */
export interface AreaSerfMember extends AreaMember {
  readonly Addr: string;
  readonly Port: number;
  readonly Build: string;
  /** Round-trip time in nanoseconds. */
  readonly RTT: number;
}

/** `GET /v1/operator/area/<id>/members` (§4.8): the serf members of the area, checked. */
export function readAreaSerfMembers(client: ApiClient, datacenter: string, id: string): Promise<AreaSerfMember[]> {
  const path = `${AREA_PATH}/${encodeURIComponent(id)}/members`;
  return readCheckedList<AreaSerfMember>(client, path, { dc: datacenter }, MEMBER_FIELDS);
}

/** The members of an area as the plan uses them. */
export async function readAreaMembers(client: ApiClient, datacenter: string, id: string): Promise<AreaMember[]> {
  const members = await readAreaSerfMembers(client, datacenter, id);
  return members.map(({ Name, Datacenter, Status }) => ({ Name, Datacenter, Status }));
}

const isListOfStrings = (value: unknown): boolean =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string');
