import type { Construct } from 'constructs';
import { type GossipKeySource, keyAttributes, rejectUnknownKeySourceProps } from './consul-gossip-keyring.js';
import { type PropNames, rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

export interface NomadGossipKeyringProps {
  /** The keys every server must hold, primary first. Keys not listed are removed after rotation. */
  readonly keys: readonly GossipKeySource[];
}

/**
 * The gossip encryption keyring of a Nomad federation, with the same gated rotation as
 * `ConsulGossipKeyring`: install → wait until every server has the keys → use → remove → wait.
 * Nomad servers of every region share one gossip pool, so a keyring operation reaches them all:
 * declare it once per federation, in one region's stack.
 *
 * Synthesises `opstack_nomad_gossip_keyring`, holding key references, never keys.
 */
export class NomadGossipKeyring extends OpstackResource {
  static readonly tfResourceType = 'opstack_nomad_gossip_keyring';

  constructor(scope: Construct, id: string, props: NomadGossipKeyringProps) {
    super(scope, id, NomadGossipKeyring.tfResourceType, () => ({ keys: keyAttributes(props.keys) }));
    rejectUnknownProps(this, props, { keys: true } satisfies PropNames<NomadGossipKeyringProps>);
    rejectUnknownKeySourceProps(this, props.keys);
  }
}
