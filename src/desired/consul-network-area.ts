import type { DesiredConsulAreaOwnership, DesiredConsulNetworkArea } from '../model/resources.js';
import { isRecord, isLiteralString } from './diagnostics.js';
import { joinAddressProblem } from './join-address.js';
import {
  checkAttributes,
  checkDatacenterName,
  checkProduct,
  type ResourceContext,
  scopeOf,
  whereOf,
} from './resource-context.js';

/** Decodes `consul_network_area` (NetworkArea from @cdktf/provider-consul). */
export function decodeConsulNetworkArea(
  block: unknown,
  context: ResourceContext,
): DesiredConsulNetworkArea | undefined {
  const { stack, name, sink } = context;
  const where = whereOf(block, context);
  const constructPath = where.constructPath;
  if (!isRecord(block)) return undefined;
  const before = sink.all.length;
  checkProduct(context, where, 'consul_network_area', 'consul');
  if ('token' in block)
    sink.secret(
      where,
      'The network area holds a token; opstack never reads tokens from stacks.',
      'Remove `token`; set CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE where opstack runs.',
    );
  checkAttributes(
    block,
    'consul_network_area',
    ['peer_datacenter', 'retry_join', 'use_tls', 'datacenter'],
    context,
    where,
    ['token'],
  );
  const datacenter = scopeOf(block, context, where);
  const peer = block.peer_datacenter;
  if (!isLiteralString(peer)) {
    sink.error(where, `peer_datacenter: expected a datacenter name, got ${JSON.stringify(peer)}.`);
  } else if (checkDatacenterName(peer, 'peer_datacenter', sink, where) !== undefined && peer === datacenter) {
    sink.error(
      where,
      `peer_datacenter: an area joins two datacenters, but the peer is the stack's own datacenter "${peer}".`,
      'Name the other datacenter.',
    );
  }
  const retryJoin = block.retry_join;
  if (retryJoin !== undefined) {
    if (!Array.isArray(retryJoin) || !retryJoin.every((e) => typeof e === 'string')) {
      sink.error(where, `retry_join: expected a list of addresses, got ${JSON.stringify(retryJoin)}.`);
    } else {
      for (const entry of retryJoin as string[]) {
        const problem = joinAddressProblem(entry);
        if (problem) sink.error(where, `retry_join: ${problem}`);
      }
    }
  }
  const useTls = block.use_tls;
  if (useTls !== undefined && typeof useTls !== 'boolean')
    sink.error(where, `use_tls: expected true or false, got ${JSON.stringify(useTls)}.`);
  if (sink.all.length > before || datacenter === undefined || typeof peer !== 'string') return undefined;
  return {
    stack,
    type: 'consul_network_area',
    name,
    constructPath,
    datacenter,
    peerDatacenter: peer,
    ...(Array.isArray(retryJoin) ? { retryJoin: retryJoin as string[] } : {}),
    ...(typeof useTls === 'boolean' ? { useTls } : {}),
  };
}

/** Decodes `opstack_consul_network_area_ownership`; the loader fills in the declared peers. */
export function decodeConsulAreaOwnership(
  block: unknown,
  context: ResourceContext,
): DesiredConsulAreaOwnership | undefined {
  const { stack, name, sink } = context;
  const where = whereOf(block, context);
  const constructPath = where.constructPath;
  if (!isRecord(block)) return undefined;
  const before = sink.all.length;
  checkProduct(context, where, 'opstack_consul_network_area_ownership', 'consul');
  checkAttributes(block, 'opstack_consul_network_area_ownership', ['datacenter'], context, where);
  const datacenter = scopeOf(block, context, where);
  if (sink.all.length > before || datacenter === undefined) return undefined;
  return { stack, type: 'opstack_consul_network_area_ownership', name, constructPath, datacenter, declaredPeers: [] };
}
