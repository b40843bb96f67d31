/**
 * GET /v1/agent/members — the serf members the agent sees (U:agent/agent_endpoint.go:573-659, from
 * sredevopsorg/consul, a copy of Consul's source): its LAN pool by default, the WAN pool with
 * `?wan=<anything non-empty>`. Agent-local: no `s.parse`, so `?dc`, `?stale` and friends are ignored
 * and nothing is forwarded. Each member is serf's `Member` as encoding/json writes it
 * (SF serf/serf.go:138-154): `Addr` as text, `Status` a number (serf.go:159-165), tags sorted.
 */
import { SIM_CONSUL_VERSION } from './datacenter.js';
import type { SerfMemberView } from './gossip.js';
import { queryGet } from '../go-url.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { uuidFrom } from '../uuid.js';
import { HttpError, type ConsulCall, type ConsulRoute } from './transport.js';

/** serf.MemberStatus: StatusNone, StatusAlive, StatusLeaving, StatusLeft, StatusFailed (SF serf/serf.go:159-165). */
const STATUS_NUMBER: Readonly<Record<SerfMemberView['status'], number>> = { alive: 1, left: 3, failed: 4 };

/** `api.AllSegments` (U:api/agent.go:267): what `consul members` sends by default. */
const ALL_SEGMENTS = '_all';

/** Default serf ports (U:agent/config/default.go:129-131). */
const SERF_LAN_PORT = 8301;
const SERF_WAN_PORT = 8302;

/**
 * The simulator's build tag, `<version>:<revision[:8]>` (U:agent/agent.go:1538-1543); the revision is
 * invented, a real agent shows its git commit.
 */
const SIM_BUILD = `${SIM_CONSUL_VERSION}:0badc0de`;

/**
 * Protocol versions as a default agent speaks them: memberlist 1..5 at 2 (ML net.go:26-41; serf maps its
 * protocol 4 to memberlist 2, SF serf/config.go:22-27), serf 2..5 at 4 (Consul's protocol 2 → serf 4,
 * U:agent/consul/config.go:60-66).
 */
const PROTOCOLS = { ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4 };

const FILTERED_HEADER: Record<string, string> = { 'X-Consul-Results-Filtered-By-Acls': 'true' };

export const agentMembersRoute: ConsulRoute = {
  path: '/v1/agent/members',
  methods: ['GET'],
  async handle(call) {
    const wan = queryGet(call.query, 'wan') !== '';
    const segment = queryGet(call.query, 'segment');
    if (wan && segment !== '' && segment !== ALL_SEGMENTS)
      throw new HttpError(400, 'Cannot provide a segment with wan=true');
    checkNoPartition(call);
    // CE's LANMembers refuses any named segment (U:agent/consul/server_ce.go:106-114): a plain error, so 500.
    if (!wan && segment !== '' && segment !== ALL_SEGMENTS)
      throw new Error('Network segments are not supported in this version of Consul');
    if (queryGet(call.query, 'filter') !== '')
      throw new HttpError(501, 'simulator: ?filter= on /v1/agent/members is not simulated');
    const members = call.cluster.gossip.serfMembers(wan);
    // filterMembers (U:agent/acl.go:157-181) resolves the token even for no members, then drops the
    // members it may not read instead of refusing (the simulator's node rules cover every node).
    const readable = call.cluster.acl.permits(call.token, 'node:read');
    if (members === null) return { body: null };
    const visible = readable ? members : [];
    // Only for a request that named a token (U:agent/agent_endpoint.go:646-656, U:agent/http.go:871-875).
    const filtered = call.token !== '' && visible.length !== members.length;
    return {
      body: visible.map((m) => memberJson(m, wan, call)),
      headers: filtered ? FILTERED_HEADER : {},
    };
  },
};

/** CE's parseEntMetaPartition (U:agent/http_ce.go:109-124). */
function checkNoPartition(call: ConsulCall): void {
  if ((call.req.headers['x-consul-partition'] ?? '') !== '')
    throw new HttpError(400, 'Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature');
  if (queryGet(call.query, 'partition') !== '')
    throw new HttpError(400, 'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature');
}

function memberJson(m: SerfMemberView, wan: boolean, call: ConsulCall): GoJsonValue {
  const addr = m.server ? m.server.address.replace(/:\d+$/, '') : `127.0.${m.dcIndex}.${100 + (m.client ?? 0)}`;
  return {
    Name: m.name,
    Addr: addr,
    Port: wan ? SERF_WAN_PORT : SERF_LAN_PORT,
    Tags: sorted(m.server ? serverTags(m, wan, call) : clientTags(m)),
    Status: STATUS_NUMBER[m.status],
    ...PROTOCOLS,
  };
}

/** A server's serf tags (U:agent/consul/server_serf.go:90-146), as a server without TLS or gRPC has them. */
function serverTags(m: SerfMemberView, wan: boolean, call: ConsulCall): Record<string, string> {
  const server = m.server!;
  const dc = call.cluster.dc(m.datacenter);
  return {
    // ACL mode "0" disabled / "1" enabled (U:agent/metadata/server.go:212, U:agent/structs/acl.go:28-30).
    acls: call.cluster.acl.enabled ? '1' : '0',
    build: SIM_BUILD,
    dc: m.datacenter,
    // bootstrap_expect as an operator sets it: the datacenter's configured servers (a choice of the simulator).
    expect: String(dc.serfServers().length),
    ft_fs: '1',
    ft_si: '1',
    id: server.id,
    port: server.address.replace(/^.*:/, ''),
    raft_vsn: '3',
    role: 'consul',
    segment: '',
    vsn: '2',
    vsn_max: '3',
    vsn_min: '2',
    // Only LAN members advertise the WAN port, and only servers that have one (server_serf.go:93-99).
    ...(!wan && m.wanJoined ? { wan_join_port: String(SERF_WAN_PORT) } : {}),
  };
}

/** A client agent's serf tags (U:agent/consul/client_serf.go:24-34). */
function clientTags(m: SerfMemberView): Record<string, string> {
  return {
    build: SIM_BUILD,
    dc: m.datacenter,
    id: uuidFrom(`client:${m.datacenter}:${m.name}`),
    role: 'node',
    segment: '',
    vsn: '2',
    vsn_max: '3',
    vsn_min: '2',
  };
}

/** encoding/json writes map keys sorted. */
function sorted(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));
}
