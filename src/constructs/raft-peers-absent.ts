import type { Construct } from 'constructs';
import { OpstackResource } from './opstack-resource.js';

/** A raft peer, by its raft ID (a UUID) or by its raft address (`ip:port`). */
export type RaftPeerRef = { readonly id: string; readonly address?: never } | { readonly address: string; readonly id?: never };

export interface RaftPeersAbsentProps {
  /** Peers that must not be in the raft configuration, e.g. servers that died and will not return. */
  readonly peers: readonly RaftPeerRef[];
}

/**
 * Dead raft peers that must be gone, in a Consul or a Nomad stack. opstack removes each one that is
 * still in the raft configuration — never the leader, never when the voters left would lose quorum
 * among the healthy servers or fall below MinQuorum, and never while the cluster is unhealthy for
 * another reason — checking when planning and again just before each removal.
 * Synthesises `opstack_raft_peers_absent`.
 */
export class RaftPeersAbsent extends OpstackResource {
  static readonly tfResourceType = 'opstack_raft_peers_absent';

  constructor(scope: Construct, id: string, props: RaftPeersAbsentProps, provider: 'consul' | 'nomad' = 'consul') {
    super(scope, id, RaftPeersAbsent.tfResourceType, provider, () => ({ peers: props.peers.map((p) => (p.id !== undefined ? { id: p.id } : { address: p.address })) }));
  }
}
