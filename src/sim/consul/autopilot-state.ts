/**
 * GET /v1/operator/autopilot/state (consul-operator-api.md §4.7), built from the datacenter
 * model the way raft-autopilot computes its state (RA state.go nextStateWithInputs, SortServers).
 *
 * The Enterprise edition adds what §4.7 says CE omits, in the shapes of the Go client's
 * `AutopilotState` (U:api/operator_autopilot.go): per server `RedundancyZone` (when the autopilot
 * `RedundancyZoneTag` is set and the server names a zone) and `UpgradeVersion`; `RedundancyZones`
 * (`{Servers, Voters, FailureTolerance}` per zone) and `Upgrade` (`Status` `idle`, or `disabled`
 * with `DisableUpgradeMigration`; every server on one version, so all are target-version). No
 * server here is a read replica, so `ReadReplicas` stays omitted (omitempty). UNCONFIRMED: a
 * zone's FailureTolerance is taken as its healthy voters minus one (§4.7 does not give the rule).
 */
import { goFormatDuration } from '../go-duration.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { formatGoTime, localOffsetMinutes } from '../go-time.js';
import { hasState } from './autopilot-health.js';
import { SIM_CONSUL_VERSION, type ConsulDatacenter, type ConsulServer } from './datacenter.js';
import { authorize, forward, parseQueryOptions } from './rpc.js';
import type { ConsulRoute } from './transport.js';

const EMPTY_STATE = {
  Healthy: false,
  FailureTolerance: 0,
  OptimisticFailureTolerance: 0,
  Servers: {},
  Leader: '',
  Voters: [],
};

function serverStatus(dc: ConsulDatacenter, s: ConsulServer): string {
  if (s.id === dc.leaderId) return 'leader';
  return s.voter ? 'voter' : 'non-voter';
}

const byId = (a: ConsulServer, b: ConsulServer) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const sortedKeys = (map: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The zone a server is in, as Enterprise autopilot groups them; '' when zones are off or it names none. */
function zoneOf(dc: ConsulDatacenter, s: ConsulServer): string {
  return dc.autopilot.RedundancyZoneTag === '' ? '' : s.redundancyZone;
}

function serverState(dc: ConsulDatacenter, s: ConsulServer, enterprise: boolean): GoJsonValue {
  const st = dc.stats(s);
  const zone = enterprise ? zoneOf(dc, s) : '';
  return {
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
    ...(zone !== '' ? { RedundancyZone: zone } : {}),
    ...(enterprise ? { UpgradeVersion: SIM_CONSUL_VERSION } : {}),
    ReadReplica: false,
    Status: serverStatus(dc, s),
    Meta: s.nodeMeta && sortedKeys(s.nodeMeta), // a Go map: encoding/json sorts its keys
    NodeType: 'voter',
  };
}

/** The Enterprise-only top-level fields (omitempty: absent when empty). */
function enterpriseFields(dc: ConsulDatacenter): Record<string, GoJsonValue> {
  const zones = new Map<string, ConsulServer[]>();
  for (const s of [...dc.servers].sort(byId)) {
    const zone = zoneOf(dc, s);
    if (zone !== '') zones.set(zone, [...(zones.get(zone) ?? []), s]);
  }
  const redundancyZones: Record<string, GoJsonValue> = {};
  for (const [zone, servers] of [...zones].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const voters = servers.filter((s) => s.voter);
    const healthyVoters = voters.filter((s) => dc.isHealthy(s)).length;
    redundancyZones[zone] = {
      Servers: servers.map((s) => s.id),
      Voters: voters.map((s) => s.id),
      FailureTolerance: Math.max(0, healthyVoters - 1),
    };
  }
  const voters = dc.rankedVoters().map((s) => s.id);
  const nonVoters = dc.servers.filter((s) => !s.voter).map((s) => s.id);
  const upgrade = {
    Status: dc.autopilot.DisableUpgradeMigration ? 'disabled' : 'idle',
    TargetVersion: SIM_CONSUL_VERSION,
    ...(voters.length > 0 ? { TargetVersionVoters: voters } : {}),
    ...(nonVoters.length > 0 ? { TargetVersionNonVoters: nonVoters } : {}),
  };
  return { ...(zones.size > 0 ? { RedundancyZones: redundancyZones } : {}), Upgrade: upgrade };
}

export const autopilotStateRoute: ConsulRoute = {
  path: '/v1/operator/autopilot/state',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName, stale } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale });
    authorize(call, 'operator:read');
    if (!hasState(dc)) return { body: EMPTY_STATE };
    dc.fetchStats();
    const enterprise = call.cluster.edition === 'enterprise';
    const ft = dc.failureTolerance();
    const servers: Record<string, GoJsonValue> = {};
    // Go encodes map keys sorted.
    for (const s of [...dc.servers].sort(byId)) servers[s.id] = serverState(dc, s, enterprise);
    return {
      body: {
        Healthy: dc.servers.every((s) => dc.isHealthy(s)),
        FailureTolerance: ft,
        OptimisticFailureTolerance: ft, // CE copies FailureTolerance (U:agent/operator_endpoint_ce.go:17-21)
        Servers: servers,
        Leader: dc.leaderId ?? '',
        Voters: dc.rankedVoters().map((s) => s.id),
        ...(enterprise ? enterpriseFields(dc) : {}),
      },
    };
  },
};
