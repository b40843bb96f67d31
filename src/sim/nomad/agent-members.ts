/**
 * GET /v1/agent/members — what `nomad server members` reads (N:command/agent/agent_endpoint.go:147-163):
 * `parse()` (its 400s), then the `Status.Members` RPC (N:nomad/status_endpoint.go:86-123), which runs on the
 * answering server without forwarding (`?region=` is parsed, not used), needs `node:read`, and lists the
 * one serf pool of every region's servers as `structs.ServerMember` (N:nomad/structs/structs.go:1220-1240):
 * `Status` is serf's status as text. Keys come out sorted, as go-msgpack writes structs (encode.ts).
 */
import type { NomadCluster } from './cluster.js';
import type { NomadJsonValue } from './encode.js';
import { SIM_NOMAD_VERSION, SIM_RAFT_PROTOCOL, type NomadRegion, type NomadServer } from './region.js';
import { authorize, parseQuery } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadHandler } from './transport.js';

/** Nomad's serf port (N:nomad/config.go DefaultSerfPort). */
const SERF_PORT = 4648;
/** The `datacenter` every simulated server is in (the agent's default, N:command/agent/config.go). */
const SIM_DATACENTER = 'dc1';
/** `revision` tag: a real agent shows its git commit; this one is invented. */
const SIM_REVISION = '0badc0de0badc0de0badc0de0badc0de0badc0de';

/**
 * serf's defaults, which Nomad keeps: memberlist 1..5 at 2, serf 2..5 at 4 (SF serf/config.go:22-27,
 * ML net.go:26-41).
 */
const PROTOCOLS = { ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4 };

export const agentMembers: NomadHandler = async (call) => {
  if (call.req.method !== 'GET') throw new CodedError(405, INVALID_METHOD);
  parseQuery(call);
  authorize(call, 'node:read');
  return { body: membersResponse(call.cluster) };
};

/** `structs.ServerMembersResponse`, answered by the leader of the agent's region, else by an alive server there. */
function membersResponse(cluster: NomadCluster): NomadJsonValue {
  const own = cluster.region(cluster.defaultRegion);
  const agent = own.leader() ?? own.servers.find((s) => s.status === 'alive') ?? own.servers[0]!;
  return {
    ServerName: agent.name,
    ServerRegion: own.name,
    ServerDC: SIM_DATACENTER,
    // serf keeps members in a map; this order (regions, then raft order) is the simulator's.
    Members: [...cluster.regions.values()].flatMap((r) => r.servers.map((s) => member(r, s))),
  };
}

function member(region: NomadRegion, s: NomadServer): NomadJsonValue {
  const [ip, port] = [s.address.replace(/:\d+$/, ''), s.address.replace(/^.*:/, '')];
  const single = region.configuredServers === 1;
  // The serf tags of N:nomad/server.go:1737-1767.
  const tags: Record<string, string> = {
    ...(single ? { bootstrap: '1' } : {}),
    build: SIM_NOMAD_VERSION,
    dc: SIM_DATACENTER,
    // bootstrap_expect as an operator sets it: the region's configured servers (a choice of the simulator).
    expect: String(region.configuredServers),
    id: s.id,
    port,
    raft_vsn: SIM_RAFT_PROTOCOL,
    region: region.name,
    revision: SIM_REVISION,
    role: 'nomad',
    rpc_addr: ip,
    vsn: '1', // deprecatedAPIMajorVersionStr (N:nomad/util.go:22-23)
  };
  return { Name: region.serfName(s), Addr: ip, Port: SERF_PORT, Tags: tags, Status: s.status, ...PROTOCOLS };
}
