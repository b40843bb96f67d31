import { isIP } from 'node:net';
import type { DesiredRaftPeersAbsent, PeerRef } from '../model/resources.js';
import { isRecord, isLiteralString } from './diagnostics.js';
import { checkAttributes, type ResourceContext, scopeOf, whereOf } from './resource-context.js';

/** Decodes `opstack_raft_peers_absent`, in a Consul or a Nomad stack. */
export function decodeRaftPeersAbsent(block: unknown, context: ResourceContext): DesiredRaftPeersAbsent | undefined {
  const where = whereOf(block, context);
  if (!isRecord(block)) return undefined;
  const before = context.sink.all.length;
  checkAttributes(block, 'opstack_raft_peers_absent', ['peers', 'datacenter'], context, where);
  const peers: PeerRef[] = [];
  if (!Array.isArray(block.peers) || block.peers.length === 0) {
    context.sink.error(where, 'peers: name at least one raft peer, by id or by address.');
  } else {
    block.peers.forEach((entry: unknown, index) => {
      const id = isRecord(entry) ? entry.id : undefined;
      const address = isRecord(entry) ? entry.address : undefined;
      if (isLiteralString(id) && address === undefined) peers.push({ id });
      else if (isLiteralString(address) && id === undefined && isRaftAddress(address)) peers.push({ address });
      else if (isLiteralString(address) && id === undefined) context.sink.error(where, `peers[${index}]: "${address}" is not a raft address (IP:port, e.g. 10.0.0.3:8300).`);
      else context.sink.error(where, `peers[${index}]: give exactly one of id or address.`);
    });
  }
  const scope = scopeOf(block, context, where);
  if (context.sink.all.length > before || scope === undefined || context.product === undefined) return undefined;
  return { stack: context.stack, type: 'opstack_raft_peers_absent', name: context.name, constructPath: where.constructPath, datacenter: scope, product: context.product, peers };
}

/** Raft addresses are literal `IP:port` (Nomad rejects host names, nomad-operator-api.md §3.3). */
function isRaftAddress(address: string): boolean {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  return match !== null && isIP(match[1] ?? '') !== 0 && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
}
