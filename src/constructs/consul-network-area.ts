import { NetworkArea, type NetworkAreaConfig } from '@cdktf/provider-consul/lib/network-area/index.js';
import type { Construct } from 'constructs';
import { META_ARGUMENTS, type PropNames, rejectUnknownProps } from './known-props.js';

const PROPS: PropNames<NetworkAreaConfig> = {
  ...META_ARGUMENTS,
  datacenter: true,
  id: true,
  peerDatacenter: true,
  retryJoin: true,
  token: true,
  useTls: true,
};

/**
 * `NetworkArea` from `@cdktf/provider-consul` that rejects a property it does not know (a typo)
 * where the provider's class drops it. It synthesises the same `consul_network_area`.
 */
export class ConsulNetworkArea extends NetworkArea {
  constructor(scope: Construct, id: string, props: NetworkAreaConfig) {
    super(scope, id, props);
    rejectUnknownProps(this, props, PROPS);
  }
}
