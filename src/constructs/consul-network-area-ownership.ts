import type { Construct } from 'constructs';
import { rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

export interface ConsulNetworkAreaOwnershipProps {
  /** The datacenter whose areas the stack owns (default: the provider's). */
  readonly datacenter?: string;
}

/**
 * Says that the stack owns the set of network areas in its datacenter: a live area whose peer
 * the stack does not declare (with `NetworkArea`) is planned for deletion, marked "not declared
 * in the stack". Without this construct opstack never deletes an area it was not told about.
 *
 * Synthesises `opstack_consul_network_area_ownership`, a resource only opstack reads.
 */
export class ConsulNetworkAreaOwnership extends OpstackResource {
  static readonly tfResourceType = 'opstack_consul_network_area_ownership';

  constructor(scope: Construct, id: string, props: ConsulNetworkAreaOwnershipProps = {}) {
    super(scope, id, ConsulNetworkAreaOwnership.tfResourceType, () => ({ datacenter: props.datacenter }));
    rejectUnknownProps(this, props, { datacenter: true });
  }
}
