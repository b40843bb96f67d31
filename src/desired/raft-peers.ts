import { isIP } from 'node:net';
import type { DesiredRaftPeersAbsent, PeerRef } from '../model/resources.js';
import { isRecord, isLiteralString } from './diagnostics.js';
import { checkAttributes, type ResourceContext, scopeOf, type Where, whereOf } from './resource-context.js';

/** Decodes `opstack_raft_peers_absent`, in a Consul or a Nomad stack. */
export function decodeRaftPeersAbsent(block: unknown, context: ResourceContext): DesiredRaftPeersAbsent | undefined {
  const where = whereOf(block, context);
  if (!isRecord(block)) return undefined;
  const before = context.sink.all.length;
  checkAttributes(block, 'opstack_raft_peers_absent', ['peers', 'min_failure_tolerance', 'datacenter'], context, where);
  const peers: PeerRef[] = [];
  if (!Array.isArray(block.peers) || block.peers.length === 0) {
    context.sink.error(where, 'peers: name at least one raft peer, by id or by address.');
  } else {
    block.peers.forEach((entry: unknown, index) => {
      const peer = decodePeer(entry, `peers[${index}]`, context, where);
      if (peer) peers.push(peer);
    });
  }
  const floor = block.min_failure_tolerance;
  if (floor !== undefined && !(typeof floor === 'number' && Number.isInteger(floor) && floor >= 0)) {
    context.sink.error(where, `min_failure_tolerance: must be a whole number ≥ 0, got ${JSON.stringify(floor)}.`);
  }
  const scope = scopeOf(block, context, where);
  if (context.sink.all.length > before || scope === undefined || context.product === undefined) return undefined;
  return {
    stack: context.stack,
    type: 'opstack_raft_peers_absent',
    name: context.name,
    constructPath: where.constructPath,
    datacenter: scope,
    product: context.product,
    peers,
    ...(typeof floor === 'number' ? { minFailureTolerance: floor } : {}),
  };
}

/** One entry: exactly one of `id` or `address`, and optionally `allow_live: true|false`. */
function decodePeer(entry: unknown, label: string, context: ResourceContext, where: Where): PeerRef | undefined {
  const { id, address, allow_live: allowLive, ...unknown } = isRecord(entry) ? entry : {};
  const extra = Object.keys(unknown);
  if (extra.length > 0) {
    context.sink.error(where, `${label}: unknown attribute ${extra.map((k) => JSON.stringify(k)).join(', ')}; a peer has id or address, and allow_live.`);
    return undefined;
  }
  if (allowLive !== undefined && typeof allowLive !== 'boolean') {
    context.sink.error(where, `${label}.allow_live: must be true or false.`);
    return undefined;
  }
  const live = allowLive === true ? { allowLive: true } : {};
  if (isLiteralString(id) && address === undefined) return { id, ...live };
  if (isLiteralString(address) && id === undefined && isRaftAddress(address)) return { address, ...live };
  if (isLiteralString(address) && id === undefined) {
    context.sink.error(where, `${label}: "${address}" is not a raft address (IP:port, e.g. 10.0.0.3:8300).`);
  } else {
    context.sink.error(where, `${label}: give exactly one of id or address.`);
  }
  return undefined;
}

/** Raft addresses are literal `IP:port` (Nomad rejects host names, nomad-operator-api.md §3.3). */
function isRaftAddress(address: string): boolean {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  return match !== null && isIP(match[1] ?? '') !== 0 && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
}
