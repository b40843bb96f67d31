/**
 * The server-side half every operator call shares: query parsing (`s.parse`,
 * consul-operator-api.md §2.7), datacenter routing (§2.6), forwarding to the leader
 * with the rpc_hold_timeout retry (§2.3 `No cluster leader`) and the ACL check,
 * which Consul performs on the server after forwarding (so 400s come first, then
 * routing errors, then 403s).
 */
import { goParseDuration, isGoDuration } from '../go-duration.js';
import { goQuote } from '../go-strconv.js';
import { queryGet } from '../go-url.js';
import { blockingQueryError } from '../query-params.js';
import type { ConsulDatacenter } from './datacenter.js';
import { HttpError, type ConsulCall } from './transport.js';

/** `parseDC` (U:agent/http.go:1045-1053): `?datacenter` over `?dc`, else the agent's DC. */
export function parseDc(call: ConsulCall): string {
  return queryGet(call.query, 'datacenter') || queryGet(call.query, 'dc') || call.cluster.defaultDc;
}

/**
 * `s.parse` (U:agent/http.go:1200-1215): dc, token, filter, consistency, Cache-Control,
 * wait/index — validated in that order, 400 with a text body on the first problem.
 * Only `stale` matters afterwards: no operator endpoint blocks.
 */
export function parseQueryOptions(call: ConsulCall): { dc: string; stale: boolean } {
  const q = call.query;
  let stale = q.has('stale');
  const consistent = q.has('consistent');
  const cached = q.has('cached'); // http_config.use_cache defaults to true
  const maxStale = queryGet(q, 'max_stale');
  if (maxStale !== '') {
    if (!isGoDuration(maxStale)) throw new HttpError(400, `Invalid max_stale value ${goQuote(maxStale)}`);
    if (goParseDuration(maxStale) > 0n) stale = true;
  }
  if (stale && consistent) throw new HttpError(400, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
  if (cached && consistent) throw new HttpError(400, 'Cannot specify ?cached with ?consistent, conflicting semantics.');
  const cacheControl = (call.req.headers['cache-control'] ?? '').toLowerCase();
  if (cacheControl !== '') {
    for (const part of cacheControl.split(',').map((p) => p.trim())) {
      const value = part.startsWith('max-age=')
        ? part.slice(8)
        : part.startsWith('stale-if-error=')
          ? part.slice(15)
          : undefined;
      if (value !== undefined && !isGoDuration(value + 's')) throw new HttpError(400, 'Invalid Cache-Control header.');
    }
  }
  const blocking = blockingQueryError(q);
  if (blocking !== undefined) throw new HttpError(400, blocking);
  return { dc: parseDc(call), stale };
}

/**
 * ForwardRPC (U:agent/consul/rpc.go:691-861): unknown DC → `No path to datacenter`;
 * unless `stale`, the call needs the DC's leader and retries for the hold time
 * before failing with `No cluster leader`.
 */
export async function forward(call: ConsulCall, dcName: string, opts: { stale: boolean }): Promise<ConsulDatacenter> {
  const dc = call.cluster.datacenters.get(dcName);
  if (dc === undefined) throw new Error('No path to datacenter');
  if (!opts.stale) await dc.awaitLeader();
  return dc;
}

/** The endpoint's ACL check, done on the server that answers; `resource` names a key or node. */
export function authorize(call: ConsulCall, permission: string, resource?: string): void {
  call.cluster.acl.authorize(call.token, permission, resource);
}

/**
 * `setMeta` (U:agent/http.go:832-843): what a blocking read answers with besides its body.
 * `X-Consul-Effective-Consistency` only where the handler fills `ConsistencyLevel` (catalog,
 * health, usage: U:agent/operator_endpoint.go:404): a real consul 1.21 sent none for KV reads.
 */
export function queryMetaHeaders(
  call: ConsulCall,
  dc: ConsulDatacenter,
  stale: boolean,
  index: number,
  opts: { consistency: boolean },
): Record<string, string> {
  const consistency = call.query.has('consistent') ? 'consistent' : stale ? 'stale' : 'leader';
  return {
    'X-Consul-Index': String(index),
    'X-Consul-Lastcontact': '0',
    'X-Consul-Knownleader': String(dc.leaderId !== undefined),
    ...(opts.consistency ? { 'X-Consul-Effective-Consistency': consistency } : {}),
    'X-Consul-Query-Backend': 'blocking-query',
  };
}
