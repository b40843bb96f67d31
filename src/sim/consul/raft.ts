/**
 * GET /v1/operator/raft/configuration (consul-operator-api.md §4.1) and
 * DELETE /v1/operator/raft/peer (§4.2; U:agent/operator_endpoint.go:27-115,
 * U:agent/consul/operator_raft_endpoint.go).
 */
import { goQuote } from '../go-strconv.js';
import { queryGet } from '../go-url.js';
import { CONFIGURATION_INDEX } from '../raft-group.js';
import { authorize, forward, parseDc, parseQueryOptions } from './rpc.js';
import { HttpError, type ConsulRoute } from './transport.js';

export const raftConfigurationRoute: ConsulRoute = {
  path: '/v1/operator/raft/configuration',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName, stale } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale });
    authorize(call, 'operator:read');
    return {
      body: {
        // Raft configuration order; every simulated server is a serf member with raft_vsn 3.
        Servers: dc.servers.map((s) => ({
          ID: s.id,
          Node: s.name,
          Address: s.address,
          Leader: s.id === dc.leaderId,
          ProtocolVersion: '3',
          Voter: s.voter,
          LastIndex: dc.leaderId === undefined ? 0 : dc.stats(s).lastIndex,
        })),
        Index: CONFIGURATION_INDEX,
      },
    };
  },
};

export const raftPeerRoute: ConsulRoute = {
  path: '/v1/operator/raft/peer',
  methods: ['DELETE'],
  async handle(call) {
    const dcName = parseDc(call);
    // Presence-based: `?id=` with an empty value still counts (§4.2).
    const hasId = call.query.has('id');
    const hasAddress = call.query.has('address');
    if (!hasId && !hasAddress) {
      throw new HttpError(
        400,
        "Must specify either ?id with the server's ID or ?address with IP:port of peer to remove",
      );
    }
    if (hasId && hasAddress) throw new HttpError(400, 'Must specify only one of ?id or ?address');
    const dc = await forward(call, dcName, { stale: false });
    authorize(call, 'operator:write');
    let server;
    if (hasId) {
      const id = queryGet(call.query, 'id');
      server = dc.servers.find((s) => s.id === id);
      if (server === undefined) throw new Error(`id ${goQuote(id)} was not found in the Raft configuration`);
    } else {
      const address = queryGet(call.query, 'address');
      server = dc.servers.find((s) => s.address === address);
      if (server === undefined) throw new Error(`address ${goQuote(address)} was not found in the Raft configuration`);
    }
    dc.removeServer(server);
    return {};
  },
};
