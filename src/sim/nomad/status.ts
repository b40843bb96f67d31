/**
 * Readiness endpoints (nomad-operator-api.md §3.9), no ACL (auth errors are ignored):
 *  - GET /v1/status/leader: the region leader's raft address as a JSON string; `""` on a
 *    `?stale` read without a leader, else 500 `No cluster leader` after the hold;
 *  - GET /v1/status/peers: raft addresses (N:command/agent/status_endpoint.go);
 *  - GET /v1/agent/health: `{"server":{"ok":true,"message":"ok"}}`, or 500 whose text
 *    body is that JSON with ok:false (N:command/agent/agent_endpoint.go HealthRequest).
 * Wrong methods: 405 `Invalid method` (§2).
 */
import { goJsonMarshal } from '../go-json-encode.js';
import { forward, parseQuery } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadCall, type NomadHandler } from './transport.js';

/** The `Status.Leader` RPC: forwarded like any read, then the answering server's raft.Leader(). */
async function statusLeader(call: NomadCall): Promise<string> {
  const { region: name, stale } = parseQuery(call);
  const region = await forward(call, name, { stale });
  return region.leader()?.address ?? '';
}

export const statusLeaderRoute: NomadHandler = async (call) => {
  if (call.req.method !== 'GET') throw new CodedError(405, INVALID_METHOD);
  return { body: await statusLeader(call) };
};

export const statusPeersRoute: NomadHandler = async (call) => {
  if (call.req.method !== 'GET') throw new CodedError(405, INVALID_METHOD);
  const { region: name, stale } = parseQuery(call);
  const region = await forward(call, name, { stale });
  return { body: region.servers.map((s) => s.address) };
};

interface AgentHealth {
  ok: boolean;
  message: string;
}

/** The simulated agent is a server without a client, as `server { enabled = true }` / `client { enabled = false }`. */
export const agentHealthRoute: NomadHandler = async (call) => {
  if (call.req.method !== 'GET') throw new CodedError(405, INVALID_METHOD);
  parseQuery(call); // its 400s come first
  let client: AgentHealth | undefined;
  let server: AgentHealth | undefined;
  let getServer = true;
  const types = call.query.get('type');
  if (types !== undefined) {
    getServer = false;
    for (const t of types) {
      if (t === 'client') client = { ok: false, message: 'client not enabled' };
      if (t === 'server') {
        getServer = true;
        server = { ok: false, message: 'server not enabled' };
      }
    }
  }
  if (getServer) {
    server = { ok: true, message: 'ok' };
    try {
      if ((await statusLeader(call)) === '') server = { ok: false, message: 'no leader' };
    } catch (e) {
      server = { ok: false, message: (e as Error).message }; // e.g. "No cluster leader"
    }
  }
  const health = { client: client && { ...client }, server: server && { ...server } };
  if ((client?.ok ?? true) && (server?.ok ?? true)) return { body: health };
  // encoding/json of the same struct (omitempty), as a 500 text body.
  throw new CodedError(500, goJsonMarshal(health));
};
