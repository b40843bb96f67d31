/**
 * GET /v1/operator/autopilot/health (nomad-operator-api.md §3.5): always answered by
 * the leader (`?stale` is forced off), operator:read, 200 when healthy and 429 with
 * the same body when not. The body is `api.OperatorHealthReply` through go-msgpack (keys
 * sorted, as observed: `FailureTolerance, Healthy, Leader, Servers, Voters`, encode.ts);
 * each server element goes through `api.ServerHealth.MarshalJSON` (encoding/json,
 * `LastContact` first as a duration string), inserted verbatim.
 */
import { goFormatDuration } from '../go-duration.js';
import { goJsonMarshal } from '../go-json-encode.js';
import { formatGoTimeRoundedUtc } from '../go-time.js';
import { RawJson } from './encode.js';
import { SIM_NOMAD_VERSION, type NomadRegion, type NomadServer } from './region.js';
import { authorize, forward, parseQuery } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadHandler } from './transport.js';

/** One `api.ServerHealth` element (N:api/operator_autopilot.go:139-148 key order). */
function serverHealth(region: NomadRegion, s: NomadServer): RawJson {
  const st = region.stats(s);
  return new RawJson(
    goJsonMarshal({
      LastContact: goFormatDuration(st.lastContactNs),
      ID: s.id,
      Name: region.serfName(s),
      Address: s.address,
      SerfStatus: s.status,
      Version: SIM_NOMAD_VERSION,
      Leader: s.id === region.leaderId,
      LastTerm: st.lastTerm,
      LastIndex: st.lastIndex,
      Healthy: region.isHealthy(s),
      Voter: s.voter || s.id === region.leaderId,
      StableSince: formatGoTimeRoundedUtc(s.stableSince),
    }),
  );
}

export const autopilotHealth: NomadHandler = async (call) => {
  if (call.req.method !== 'GET') throw new CodedError(404, INVALID_METHOD);
  const { region: name } = parseQuery(call);
  const region = await forward(call, name, { stale: false });
  authorize(call, 'operator:read');
  region.fetchStats();
  region.refresh();
  const healthy = region.servers.every((s) => region.isHealthy(s));
  // Servers come from a Go map (unordered); the simulator uses raft configuration order.
  return {
    status: healthy ? undefined : 429, // WriteHeader(429) before the body; 200 is the default
    body: {
      Healthy: healthy,
      FailureTolerance: region.failureTolerance(),
      Servers: region.servers.map((s) => serverHealth(region, s)),
      Leader: region.leaderId ?? '',
      Voters: region.rankedVoters().map((s) => s.id),
    },
  };
};
