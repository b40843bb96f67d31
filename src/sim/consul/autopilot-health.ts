/**
 * GET /v1/operator/autopilot/health (consul-operator-api.md §4.6), built from the datacenter
 * model the way raft-autopilot computes its state (RA state.go nextStateWithInputs). The
 * state endpoint (§4.7) is in autopilot-state.ts.
 */
import { goFormatDuration } from '../go-duration.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { formatGoTimeRoundedUtc } from '../go-time.js';
import { SIM_CONSUL_VERSION, type ConsulDatacenter, type ConsulServer } from './datacenter.js';
import { authorize, forward, parseQueryOptions } from './rpc.js';
import type { ConsulRoute } from './transport.js';

/**
 * Autopilot only runs on the leader; a server that is not leader holds the empty
 * state (RA autopilot.go:193) — what a `?stale` read gets while there is no leader.
 */
export const hasState = (dc: ConsulDatacenter): boolean => dc.leaderId !== undefined;

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
    dc.fetchStats();
    const departed = dc.listedDeparted();
    const healthy = departed.length === 0 && dc.servers.every((s) => dc.isHealthy(s));
    const servers: GoJsonValue[] = [
      ...dc.servers.map((s) => serverHealth(dc, s)),
      ...departed.map((s) => serverHealth(dc, s, true)),
    ];
    // 429 when unhealthy, with the same JSON body (§4.6).
    return {
      status: healthy ? 200 : 429,
      body: { Healthy: healthy, FailureTolerance: dc.failureTolerance(), Servers: servers },
    };
  },
};
