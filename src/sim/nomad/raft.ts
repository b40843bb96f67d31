/**
 * The `/v1/operator/raft/` subtree (nomad-operator-api.md §1.1, §3.1, §3.2):
 * dispatch by prefix of the remainder (`configuration`, `peer`, `transfer-leadership`,
 * else 404 `Invalid method`), the raft configuration and peer removal by ID.
 */
import { goQuote } from '../go-strconv.js';
import { queryGet } from '../go-url.js';
import { CONFIGURATION_INDEX } from '../raft-group.js';
import { SIM_RAFT_PROTOCOL } from './region.js';
import { authorize, forward, parseQuery, parseRegion } from './rpc.js';
import { transferLeadership } from './transfer.js';
import { CodedError, INVALID_METHOD, type NomadCall, type NomadHandler, type NomadReply } from './transport.js';

export const RAFT_PREFIX = '/v1/operator/raft/';

/** OperatorRequest (N:command/agent/operator_endpoint.go:26-38): HasPrefix, in this order. */
export const raftSubtree: NomadHandler = async (call) => {
  const rest = call.path.slice(RAFT_PREFIX.length);
  if (rest.startsWith('configuration')) return raftConfiguration(call);
  if (rest.startsWith('peer')) return raftPeer(call);
  if (rest.startsWith('transfer-leadership')) return transferLeadership(call);
  throw new CodedError(404, INVALID_METHOD);
};

/** §3.1: GET only (anything else: 405 with an empty body), management ACL, `?stale` allowed. */
async function raftConfiguration(call: NomadCall): Promise<NomadReply> {
  if (call.req.method !== 'GET') return { status: 405 }; // WriteHeader(405) and a nil result
  const { region: name, stale } = parseQuery(call);
  const region = await forward(call, name, { stale });
  authorize(call, 'management');
  const leader = region.leader();
  return {
    body: {
      // Raft configuration order; every simulated server is a known serf member with raft_vsn 3.
      Servers: region.servers.map((s) => ({
        ID: s.id,
        Node: region.serfName(s),
        Address: s.address,
        Leader: leader !== undefined && s.address === leader.address,
        Voter: s.voter,
        RaftProtocol: SIM_RAFT_PROTOCOL,
      })),
      Index: CONFIGURATION_INDEX,
    },
  };
}

/** §3.2 (v1.10.1+): DELETE only (else 404), `?address` rejected, `?id` required, unknown ID 500. */
async function raftPeer(call: NomadCall): Promise<NomadReply> {
  if (call.req.method !== 'DELETE') throw new CodedError(404, INVALID_METHOD);
  // Presence-based: `?address` with any value (even alongside ?id) is refused first.
  if (call.query.has('address')) {
    throw new CodedError(400, 'Removing a peer by address is not supported in the current raft protocol version');
  }
  if (!call.query.has('id')) throw new CodedError(400, "Must specify the peer's ID to remove");
  const region = await forward(call, parseRegion(call), { stale: false });
  authorize(call, 'management');
  const id = queryGet(call.query, 'id');
  const server = region.servers.find((s) => s.id === id);
  // A plain error, so 500 — not 400/404 (§3.2, §10.3).
  if (server === undefined) throw new Error(`id ${goQuote(id)} was not found in the Raft configuration`);
  region.removeServer(server); // raft's "need at least one voter" error is a 500 too
  return {}; // 200, empty body, no Content-Type
}
