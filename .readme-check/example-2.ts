// Generated from README.md by test/unit/readme-examples.test.ts.
import { NetworkArea } from '@cdktf/provider-consul/lib/network-area/index.js';
import { ConsulNetworkAreaOwnership } from '../src/constructs/index.js';
import { TerraformStack } from 'cdktf';
export class Example extends TerraformStack {
  build(): void {
    
    new NetworkArea(this, 'to-dc2', { peerDatacenter: 'dc2', retryJoin: ['10.1.0.10', 'consul.dc2.example:8302'], useTls: true });
    new ConsulNetworkAreaOwnership(this, 'areas');   // optional: this stack owns every area of dc1
    
  }
}
