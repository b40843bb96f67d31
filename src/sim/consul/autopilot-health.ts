/**
 * GET /v1/operator/autopilot/health (consul-operator-api.md §4.6) and
 * GET /v1/operator/autopilot/state (§4.7), built from the datacenter model the way
 * raft-autopilot computes its state (RA state.go nextStateWithInputs, SortServers).
 */
import { goFormatDuration } from '../go-duration.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { formatGoTime, formatGoTimeRoundedUtc, localOffsetMinutes } from '../go-time.js';
import { SIM_CONSUL_VERSION, type ConsulDatacenter, type ConsulServer } from './datacenter.js';
import { authorize, forward, parseQueryOptions } from './rpc.js';
import type { ConsulRoute } from './transport.js';

function serverStatus(dc: ConsulDatacenter, s: ConsulServer): string {
  if (s.id === dc.leaderId) return 'leader';
  return s.voter ? 'voter' : 'non-voter';
}

/**
 * Autopilot only runs on the leader; a server that is not leader holds the empty
 * state (RA autopilot.go:193) — what a `?stale` read gets while there is no leader.
 */
const hasState = (dc: ConsulDatacenter): boolean => dc.leaderId !== undefined;

/**
 * One server as health lists it (U:api/operator_autopilot.go:82-132 order). A peer already
 * removed from raft is listed until autopilot prunes it (observed-real-servers.md §5): no raft
 * stats (`LastTerm 0, LastIndex 0`), unhealthy, no longer a voter.
 */
function serverHealth(dc: ConsulDatacenter, s: ConsulServer, removed = false): GoJsonValue {
  const st = removed ? { lastContactNs: 0n, lastTerm: 0, lastIndex: 0 } : dc.stats(s);
  return {
    ID: s.id,
    Name: s.name,
    Address: s.address,
    SerfStatus: s.serfStatus,
    Version: SIM_CONSUL_VERSION,
    Leader: s.id === dc.leaderId,
    LastContact: goFormatDuration(st.lastContactNs),
    LastTerm: st.lastTerm,
    LastIndex: st.lastIndex,
    Healthy: !removed && dc.isHealthy(s),
    Voter: !removed && s.voter,
    StableSince: formatGoTimeRoundedUtc(s.stableSince),
  };
}

export const autopilotHealthRoute: ConsulRoute = {
  path: '/v1/operator/autopilot/health',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName, stale } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale });
    authorize(call, 'operator:read');
    if (!hasState(dc)) return { status: 429, body: { Healthy: false, FailureTolerance: 0, Servers: null } };
    const departed = dc.listedDeparted();
    const healthy = departed.length === 0 && dc.servers.every((s) => dc.isHealthy(s));
    const servers: GoJsonValue[] = [...dc.servers.map((s) => serverHealth(dc, s)), ...departed.map((s) => serverHealth(dc, s, true))];
    // 429 when unhealthy, with the same JSON body (§4.6).
    return {
      status: healthy ? 200 : 429,
      body: { Healthy: healthy, FailureTolerance: dc.failureTolerance(), Servers: servers },
    };
  },
};

export const autopilotStateRoute: ConsulRoute = {
  path: '/v1/operator/autopilot/state',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName, stale } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale });
    authorize(call, 'operator:read');
    if (!hasState(dc)) {
      const empty = { Healthy: false, FailureTolerance: 0, OptimisticFailureTolerance: 0, Servers: {}, Leader: '', Voters: [] };
      return { body: empty };
    }
    const ft = dc.failureTolerance();
    const servers: Record<string, GoJsonValue> = {};
    // Go encodes map keys sorted.
    for (const s of [...dc.servers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const st = dc.stats(s);
      servers[s.id] = {
        ID: s.id,
        Name: s.name,
        Address: s.address,
        NodeStatus: s.serfStatus,
        Version: SIM_CONSUL_VERSION,
        LastContact: goFormatDuration(st.lastContactNs),
        LastTerm: st.lastTerm,
        LastIndex: st.lastIndex,
        Healthy: dc.isHealthy(s),
        StableSince: formatGoTime(s.stableSince, localOffsetMinutes(s.stableSince)),
        ReadReplica: false,
        Status: serverStatus(dc, s),
        Meta: { 'consul-network-segment': '', 'consul-version': SIM_CONSUL_VERSION },
        NodeType: 'voter',
      };
    }
    return {
      body: {
        Healthy: dc.servers.every((s) => dc.isHealthy(s)),
        FailureTolerance: ft,
        OptimisticFailureTolerance: ft, // CE copies FailureTolerance (U:agent/operator_endpoint_ce.go:17-21)
        Servers: servers,
        Leader: dc.leaderId ?? '',
        Voters: dc.rankedVoters().map((s) => s.id),
      },
    };
  },
};
