import { OpstackError } from '../model/errors.js';
import { type DesiredRaftPeersAbsent, type LiveRaftPeers, type RaftServer } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { RAFT_PEER_PATH } from '../schema/api-paths.js';
import { removalRefusal } from './raft-guards.js';
import { declarationChange, impliedDeletion, type ResourcePlan } from './resource-plan.js';

/**
 * Plans the removal of the declared peers still in the raft configuration
 * (consul-operator-api.md §4.2, nomad-operator-api.md §3.2). Peers are removed by ID — Nomad
 * accepts nothing else — so an address is resolved to an ID here; an address two servers share
 * is refused. A peer already absent needs nothing. The guards (raft-guards.ts) refuse the whole
 * plan with the rule and the numbers; apply checks them again just before each DELETE.
 */
export function planRaftPeersAbsent(desired: DesiredRaftPeersAbsent, live: LiveRaftPeers): ResourcePlan {
  const address = resourceAddress(desired);
  const toRemove: RaftServer[] = [];
  const notes: string[] = [];
  for (const peer of desired.peers) {
    const matches = 'id' in peer ? live.servers.filter((s) => s.ID === peer.id) : live.servers.filter((s) => s.Address === peer.address);
    const label = 'id' in peer ? `id ${peer.id}` : `address ${peer.address}`;
    if (matches.length > 1) {
      throw new OpstackError('GuardRefused', `${address}: refusing to remove ${label}: ${matches.length} raft servers have it (${matches.map((s) => s.ID).join(', ')}), so it names no single peer.`, 'Name the peer by its raft ID (`consul operator raft list-peers` / `nomad operator raft list-peers`).');
    }
    const [server] = matches;
    if (server === undefined) notes.push(`${label}: not in the raft configuration, nothing to remove`);
    else if (!toRemove.includes(server)) toRemove.push(server);
  }
  const refusal = toRemove.length > 0 ? removalRefusal(live, toRemove.map((s) => s.ID)) : undefined;
  if (refusal) {
    throw new OpstackError('GuardRefused', `${address}: refusing to remove ${toRemove.map((s) => `${s.Node} (${s.Address})`).join(', ')}: ${refusal}`, 'Nothing was changed. Fix the cluster first (or declare fewer peers), then plan again.');
  }
  const declaration = declarationChange(desired, { peers: desired.peers }, notes);
  const removals = toRemove.map((server) =>
    impliedDeletion(desired, desired.type, `[${server.ID}]`, { id: server.ID, node: server.Node, address: server.Address, voter: server.Voter, healthy: live.healthy[server.ID] ?? false }, `declared absent by ${desired.constructPath}`),
  );
  return {
    changes: [declaration, ...removals],
    steps: toRemove.map((server, i) => ({
      kind: 'http' as const,
      address: removals[i]?.address ?? address,
      description: `remove raft peer ${server.Node} (${server.Address})`,
      method: 'DELETE' as const,
      path: RAFT_PEER_PATH,
      query: { ...(desired.product === 'consul' ? { dc: desired.datacenter } : {}), id: server.ID },
      body: undefined,
      precondition: { kind: 'peer-removable' as const, id: server.ID },
      expect: 'status-200' as const,
    })),
  };
}
