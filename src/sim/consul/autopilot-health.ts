/**
 * GET /v1/operator/autopilot/health (consul-operator-api.md §4.6) and
 * GET /v1/operator/autopilot/state (§4.7), built from the datacenter model the way
 * raft-autopilot computes its state (RA state.go nextStateWithInputs, SortServers).
 */
import { formatGoDuration } from '../../util/go-duration.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { formatGoTime, formatGoTimeRoundedUtc, localOffsetMinutes } from '../go-time.js';
import { SIM_CONSUL_VERSION, type ConsulDatacenter, type ConsulServer } from './datacenter.js';
import { authorize, forward, parseQueryOptions } from './rpc.js';
import type { ConsulRoute } from './transport.js';

/** RA raft.go requiredQuorum and state.go: FailureTolerance = healthy voters beyond quorum. */
function failureTolerance(dc: ConsulDatacenter): number {
  const voters = dc.servers.filter((s) => s.voter);
  const healthy = voters.filter((s) => dc.isHealthy(s)).length;
  return Math.max(0, healthy - (Math.floor(voters.length / 2) + 1));
}

/** RA ServerLessThan: leader, then voters, then healthy, then longest stable, then ID. */
function lessThan(dc: ConsulDatacenter, a: ConsulServer, b: ConsulServer): boolean {
  if (a.id === dc.leaderId) return true;
  if (b.id === dc.leaderId) return false;
  if (a.voter !== b.voter) return a.voter;
  const ha = dc.isHealthy(a);
  const hb = dc.isHealthy(b);
  if (ha !== hb) return ha;
  if (a.stableSince < b.stableSince) return ha;
  if (b.stableSince < a.stableSince) return !ha;
  return a.id < b.id;
}

function serverStatus(dc: ConsulDatacenter, s: ConsulServer): string {
  if (s.id === dc.leaderId) return 'leader';
  return s.voter ? 'voter' : 'non-voter';
}

/**
 * Autopilot only runs on the leader; a server that is not leader holds the empty
 * state (RA autopilot.go:193) — what a `?stale` read gets while there is no leader.
 */
const hasState = (dc: ConsulDatacenter): boolean => dc.leaderId !== undefined;

export const autopilotHealthRoute: ConsulRoute = {
  path: '/v1/operator/autopilot/health',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName, stale } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale });
    authorize(call, 'operator:read');
    if (!hasState(dc)) return { status: 429, body: { Healthy: false, FailureTolerance: 0, Servers: null } };
    const healthy = dc.servers.every((s) => dc.isHealthy(s));
    const servers: GoJsonValue[] = dc.servers.map((s) => {
      const st = dc.stats(s);
      return {
        ID: s.id,
        Name: s.name,
        Address: s.address,
        SerfStatus: s.serfStatus,
        Version: SIM_CONSUL_VERSION,
        Leader: s.id === dc.leaderId,
        LastContact: formatGoDuration(st.lastContactNs),
        LastTerm: st.lastTerm,
        LastIndex: st.lastIndex,
        Healthy: dc.isHealthy(s),
        Voter: s.voter,
        StableSince: formatGoTimeRoundedUtc(s.stableSince),
      };
    });
    // 429 when unhealthy, with the same JSON body (§4.6).
    return {
      status: healthy ? 200 : 429,
      body: { Healthy: healthy, FailureTolerance: failureTolerance(dc), Servers: servers },
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
    const ft = failureTolerance(dc);
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
        LastContact: formatGoDuration(st.lastContactNs),
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
    const voters = dc.servers
      .filter((s) => s.voter)
      .sort((a, b) => (lessThan(dc, a, b) ? -1 : lessThan(dc, b, a) ? 1 : 0))
      .map((s) => s.id);
    return {
      body: {
        Healthy: dc.servers.every((s) => dc.isHealthy(s)),
        FailureTolerance: ft,
        OptimisticFailureTolerance: ft, // CE copies FailureTolerance (U:agent/operator_endpoint_ce.go:17-21)
        Servers: servers,
        Leader: dc.leaderId ?? '',
        Voters: voters,
      },
    };
  },
};
