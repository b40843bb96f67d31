import type { Construct } from 'constructs';
import { type PropNames, rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

/** A raft peer, by its raft ID (a UUID) or by its raft address (`ip:port`). */
export type RaftPeerRef = (
  { readonly id: string; readonly address?: never } | { readonly address: string; readonly id?: never }
) & {
  /**
   * Remove this server even though it still runs (autopilot reports it healthy, or serf sees it
   * alive). Without it such a server is refused. The leader, quorum, MinQuorum and failure
   * tolerance rules still apply.
   */
  readonly allowLive?: boolean;
};

const PEER_PROPS: PropNames<RaftPeerRef> = { id: true, address: true, allowLive: true };

export interface RaftPeersAbsentProps {
  /** Peers that must not be in the raft configuration, e.g. servers that died and will not return. */
  readonly peers: readonly RaftPeerRef[];
  /**
   * The lowest autopilot failure tolerance a removal may leave. Unset (the default): a removal
   * must not lower the failure tolerance at all.
   */
  readonly minFailureTolerance?: number;
}

/**
 * Raft peers that must be gone, in a Consul or a Nomad stack (whichever its provider block names).
 * opstack removes each one still in the raft configuration, and only if it is gone (serf failed or
 * left, not healthy) unless its
 * entry sets `allowLive` — never the leader, never below quorum of the voters left or MinQuorum,
 * never lowering the failure tolerance (below `minFailureTolerance`), never while another server
 * is unhealthy — judging each removal, in sequence, when planning and again just before it.
 * Synthesises `opstack_raft_peers_absent`.
 */
export class RaftPeersAbsent extends OpstackResource {
  static readonly tfResourceType = 'opstack_raft_peers_absent';

  constructor(scope: Construct, id: string, props: RaftPeersAbsentProps) {
    super(scope, id, RaftPeersAbsent.tfResourceType, () => ({
      peers: props.peers.map((p) => ({
        ...(p.id !== undefined ? { id: p.id } : { address: p.address }),
        ...(p.allowLive === undefined ? {} : { allow_live: p.allowLive }),
      })),
      min_failure_tolerance: props.minFailureTolerance,
    }));
    rejectUnknownProps(this, props, { peers: true, minFailureTolerance: true });
    props.peers.forEach((peer, i) => rejectUnknownProps(this, peer, PEER_PROPS, `peers[${i}].`));
  }
}
