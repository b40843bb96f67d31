/**
 * GET, PUT and POST /v1/operator/scheduler/configuration (nomad-operator-api.md §3.6;
 * N:command/agent/operator_endpoint.go:273-344, N:nomad/operator_endpoint.go:418-512).
 * Any other method → 405 `Invalid method` (§2). GET answers the object nested in
 * `SchedulerConfig` with the flattened QueryMeta and the setMeta headers (§1.7); a write
 * answers `{"Updated","Index"}` with `X-Nomad-Index` (§10.7) — `Updated:false` for a lost
 * CAS, which still consumed a raft index.
 */
import { parseCas } from '../autopilot-write.js';
import { isNoBody } from './autopilot.js';
import { authorize, forward, parseQuery, parseRegion } from './rpc.js';
import { canonicalScheduler, checkAlgorithm, decodeSchedulerBody, schedulerBody } from './scheduler-values.js';
import { CodedError, INVALID_METHOD, type NomadCall, type NomadHandler, type NomadReply } from './transport.js';

export const schedulerConfiguration: NomadHandler = async (call) => {
  const method = call.req.method;
  if (method === 'GET') return readScheduler(call);
  if (method !== 'PUT' && method !== 'POST') throw new CodedError(405, INVALID_METHOD);
  return writeScheduler(call);
};

async function readScheduler(call: NomadCall): Promise<NomadReply> {
  const { region: name, stale } = parseQuery(call);
  const region = await forward(call, name, { stale });
  authorize(call, 'operator:read');
  const index = region.scheduler.ModifyIndex;
  const knownLeader = region.leaderId !== undefined;
  return {
    // setMeta (§1.7): LastContact in milliseconds in the header, nanoseconds in the body; 0 on the leader.
    headers: { 'X-Nomad-Index': String(index), 'X-Nomad-LastContact': '0', 'X-Nomad-KnownLeader': String(knownLeader) },
    body: {
      SchedulerConfig: schedulerBody(region.scheduler, region.schedulerAbsent),
      Index: index,
      LastContact: 0,
      KnownLeader: knownLeader,
      NextToken: '',
    },
  };
}

async function writeScheduler(call: NomadCall): Promise<NomadReply> {
  // parseWriteRequest, body decode, Validate, ?cas, then the RPC (forward, ACL).
  const name = parseRegion(call);
  const absent = call.cluster.regions.get(name)?.schedulerAbsent ?? new Set<string>();
  let values;
  try {
    values = decodeSchedulerBody(call.req.body, isNoBody(call.req), absent);
  } catch (e) {
    throw new CodedError(400, `Error parsing scheduler config: ${(e as Error).message}`);
  }
  try {
    checkAlgorithm(values.SchedulerAlgorithm);
  } catch (e) {
    throw new CodedError(400, (e as Error).message);
  }
  const cas = parseCas(call.query, (message) => new CodedError(400, message));
  const region = await forward(call, name, { stale: false });
  authorize(call, 'operator:write');
  const { applied, index } = region.writeScheduler(canonicalScheduler(values), cas);
  return { headers: { 'X-Nomad-Index': String(index) }, body: { Updated: applied, Index: index } };
}
