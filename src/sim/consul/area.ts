/**
 * Consul Enterprise network areas (consul-operator-api.md §4.8), served only with
 * `edition: 'enterprise'`; in CE these paths stay the Index 404. Shapes follow
 * U:api/operator_area.go and the seed docs ("Network Areas"); the Enterprise server is
 * not public, so everything beyond the shapes is UNCONFIRMED and chosen here:
 *  - routing: `/v1/operator/area` (GET, POST) and the subtree `/v1/operator/area/`
 *    (GET, PUT, DELETE) split into `<id>`, `<id>/join` (PUT), `<id>/members` (GET);
 *  - reads go through `s.parse` (the docs promise blocking queries and consistency
 *    modes) and carry the blocking-query headers, but never block;
 *  - bodies are decoded strictly: 400 `Request decode failed: <err>`; a missing
 *    PeerDatacenter is 400 `Must specify a peer datacenter`; a body ID is ignored;
 *  - unknown ID: GET `<id>` answers 200 `[]` (the Terraform provider reads an empty list
 *    as "deleted"), every other verb 500 `area "<id>" not found`;
 *  - PUT with a different PeerDatacenter: 400 `Cannot change the peer datacenter of an area`.
 */
import type { GoJsonValue } from '../go-json-encode.js';
import { decodeGoStringSlice, decodeGoStruct, type GoStructSpec } from './go-struct-decode.js';
import type { AreaInput, StoredArea } from './area-model.js';
import { SIM_CONSUL_VERSION, type ConsulDatacenter, type ConsulServer } from './datacenter.js';
import { authorize, forward, parseDc, parseQueryOptions, queryMetaHeaders } from './rpc.js';
import { HttpError, decodedPath, type ConsulCall, type ConsulReply, type ConsulRoute } from './transport.js';

/** The Area struct the handler decodes into (field set as in U:api/operator_area.go:18-36). */
const AREA_BODY: GoStructSpec = {
  goType: 'structs.Area',
  structName: 'Area',
  fields: [
    ['ID', 'string'],
    ['PeerDatacenter', 'string'],
    ['RetryJoin', 'stringSlice'],
    ['UseTLS', 'bool'],
  ],
};

const PREFIX = '/v1/operator/area/';
/** Areas join over the server RPC port. */
const RPC_PORT = 8300;

function decodeArea(call: ConsulCall): AreaInput {
  let v;
  try {
    v = decodeGoStruct(call.req.body, AREA_BODY, { ID: '', PeerDatacenter: '', RetryJoin: null, UseTLS: false });
  } catch (e) {
    throw new HttpError(400, `Request decode failed: ${(e as Error).message}`);
  }
  if (v.PeerDatacenter === '') throw new HttpError(400, 'Must specify a peer datacenter');
  return {
    peerDatacenter: v.PeerDatacenter as string,
    retryJoin: v.RetryJoin as string[] | null,
    useTls: v.UseTLS as boolean,
  };
}

function areaJson(a: StoredArea): GoJsonValue {
  return { ID: a.id, PeerDatacenter: a.peerDatacenter, RetryJoin: a.retryJoin, UseTLS: a.useTls };
}

/** A blocking read: s.parse, leader unless ?stale, operator:read, then setMeta headers. */
async function read(call: ConsulCall, answer: (dc: ConsulDatacenter) => GoJsonValue): Promise<ConsulReply> {
  const { dc: dcName, stale } = parseQueryOptions(call);
  const dc = await forward(call, dcName, { stale });
  authorize(call, 'operator:read');
  const body = answer(dc);
  // Whether Enterprise area reads fill ConsistencyLevel is UNCONFIRMED (§4.8): they say it here.
  const headers = queryMetaHeaders(call, dc, stale, call.cluster.areas.tableIndex(dc.name), { consistency: true });
  return { body, headers };
}

/** A write: dc and token only, body errors (400) first, then the leader and operator:write. */
async function write(call: ConsulCall): Promise<ConsulDatacenter> {
  const dc = await forward(call, parseDc(call), { stale: false });
  authorize(call, 'operator:write');
  return dc;
}

function hostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return i < 0 ? [address, RPC_PORT] : [address.slice(0, i), Number(address.slice(i + 1))];
}

/** A member as `SerfMember` (U:api/operator_area.go:54-87); RTT in integer nanoseconds. */
function memberJson(dc: ConsulDatacenter, s: ConsulServer, rttNs: number): GoJsonValue {
  const [addr, port] = hostPort(s.address);
  return {
    ID: s.id,
    Name: `${s.name}.${dc.name}`,
    Addr: addr,
    Port: port,
    Datacenter: dc.name,
    Role: 'server',
    Build: `${SIM_CONSUL_VERSION}+ent`,
    Protocol: 2,
    Status: s.serfStatus,
    RTT: rttNs,
  };
}

export const areaListRoute: ConsulRoute = {
  path: '/v1/operator/area',
  methods: ['GET', 'POST'],
  async handle(call) {
    if (call.req.method === 'GET') return read(call, (dc) => call.cluster.areas.list(dc.name).map(areaJson));
    const input = decodeArea(call);
    const dc = await write(call);
    return { body: { ID: call.cluster.areas.create(dc, input) } };
  },
};

function notAllowed(method: string, allow: string[]): HttpError {
  return new HttpError(405, `method ${method} not allowed`, { Allow: allow.join(',') });
}

export const areaItemRoute: ConsulRoute = {
  path: PREFIX,
  prefix: true,
  methods: ['GET', 'PUT', 'DELETE'],
  async handle(call) {
    const rest = decodedPath(call.req.path).slice(PREFIX.length);
    const method = call.req.method;
    const areas = call.cluster.areas;
    const sub = rest.endsWith('/join') ? 'join' : rest.endsWith('/members') ? 'members' : 'area';
    const id = sub === 'area' ? rest : rest.slice(0, rest.lastIndexOf('/'));
    if (sub === 'join' && method !== 'PUT') throw notAllowed(method, ['PUT']);
    if (sub === 'members' && method !== 'GET') throw notAllowed(method, ['GET']);
    if (id === '') throw new HttpError(400, 'Missing area ID');

    if (sub === 'members') {
      return read(call, (dc) => {
        const area = areas.require(dc.name, id);
        const peer = call.cluster.datacenters.get(area.peerDatacenter);
        if (peer === undefined) return [];
        // Deterministic RTT estimates: sub-millisecond locally, a few ms to the peer.
        const local = dc.servers.map((s, i) => memberJson(dc, s, 150_000 + 10_000 * i));
        return [...local, ...peer.servers.map((s, i) => memberJson(peer, s, 2_000_000 + 10_000 * i))];
      });
    }
    if (sub === 'join') {
      let addresses: string[] | null;
      try {
        addresses = decodeGoStringSlice(call.req.body);
      } catch (e) {
        throw new HttpError(400, `Request decode failed: ${(e as Error).message}`);
      }
      const dc = await write(call);
      const area = areas.require(dc.name, id);
      const peer = call.cluster.datacenters.get(area.peerDatacenter);
      const reachable = [...dc.servers, ...(peer?.servers ?? [])]
        .filter((s) => s.serfStatus === 'alive')
        .map((s) => s.address);
      const body = (addresses ?? []).map((address) => {
        const target = address.includes(':') ? address : `${address}:${RPC_PORT}`;
        const joined = reachable.includes(target);
        // Failure text modelled on memberlist's join error (UNCONFIRMED).
        const error = joined ? '' : `Failed to join ${target}: dial tcp ${target}: connect: connection refused`;
        return { Address: address, Joined: joined, Error: error };
      });
      return { body };
    }
    if (method === 'GET') {
      return read(call, (dc) => {
        const area = areas.get(dc.name, id);
        return area ? [areaJson(area)] : [];
      });
    }
    if (method === 'DELETE') {
      const dc = await write(call);
      areas.delete(dc, id);
      return {};
    }
    const input = decodeArea(call);
    const dc = await write(call);
    const existing = areas.require(dc.name, id);
    if (existing.peerDatacenter !== input.peerDatacenter) {
      throw new HttpError(400, 'Cannot change the peer datacenter of an area');
    }
    areas.update(dc, id, input);
    return { body: { ID: id } };
  },
};

export const areaRoutes: readonly ConsulRoute[] = [areaListRoute, areaItemRoute];
