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
  const listed: number[] = []; // where each of `peers` is in the block
  if (!Array.isArray(block.peers) || block.peers.length === 0) {
    context.sink.error(where, 'peers: name at least one raft peer, by id or by address.');
  } else {
    block.peers.forEach((entry: unknown, index) => {
      const peer = decodePeer(entry, `peers[${index}]`, context, where);
      const same = peer ? peers.findIndex((p) => peerKey(p) === peerKey(peer)) : -1;
      // A peer listed twice is a copy-paste slip, and the plan would show its verdict twice.
      if (peer && same >= 0) {
        context.sink.error(where, `peers[${index}]: the same peer as peers[${listed[same]}]; list each once.`);
      } else if (peer) {
        listed.push(index);
        peers.push(peer);
      }
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
    context.sink.error(
      where,
      `${label}: unknown attribute ${extra.map((k) => JSON.stringify(k)).join(', ')}; ` +
        `a peer has id or address, and allow_live.`,
    );
    return undefined;
  }
  if (allowLive !== undefined && typeof allowLive !== 'boolean') {
    context.sink.error(where, `${label}.allow_live: must be true or false.`);
    return undefined;
  }
  const live = allowLive === true ? { allowLive: true } : {};
  if (isLiteralString(id) && address === undefined && isRaftId(id)) return { id, ...live };
  if (isLiteralString(id) && address === undefined) {
    context.sink.error(
      where,
      `${label}: ${JSON.stringify(id)} is not a raft ID (a UUID as ` +
        `\`list-peers\` shows it, e.g. 8b5f7a6e-2c1d-4e3f-9a8b-7c6d5e4f3a2b).`,
    );
    return undefined;
  }
  if (isLiteralString(address) && id === undefined && isRaftAddress(address)) return { address, ...live };
  if (isLiteralString(address) && id === undefined) {
    context.sink.error(
      where,
      `${label}: ${JSON.stringify(address)} is not a raft address (IP:port, e.g. 10.0.0.3:8300).`,
    );
  } else {
    context.sink.error(where, `${label}: give exactly one of id or address.`);
  }
  return undefined;
}

/**
 * Raft addresses are literal `IPv4:port` or `[IPv6]:port` (Nomad rejects host names,
 * nomad-operator-api.md §3.3); anything else can never match a peer.
 */
function isRaftAddress(address: string): boolean {
  const match = /^(?:\[([^\]]+)\]|([^[\]:]+)):(\d{1,5})$/.exec(address);
  if (match === null) return false;
  const ipVersion = match[1] !== undefined ? (isIP(match[1]) === 6 ? 6 : 0) : isIP(match[2] ?? '') === 4 ? 4 : 0;
  return ipVersion !== 0 && Number(match[3]) >= 1 && Number(match[3]) <= 65535;
}

/**
 * Raft server IDs are node-ID UUIDs (consul-operator-api.md §4.1; Nomad's likewise); servers
 * still on raft protocol 2 used their address as their ID, so that form is accepted too.
 */
function isRaftId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || isRaftAddress(id);
}

/** What names a peer: its id, or its address. */
const peerKey = (peer: PeerRef): string => ('id' in peer ? `id ${peer.id}` : `address ${peer.address}`);
