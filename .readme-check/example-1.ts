// Generated from README.md by test/unit/readme-examples.test.ts.
import { ConsulGossipKeyring, GossipKey } from '../src/constructs/index.js';
import { TerraformStack } from 'cdktf';
export class Example extends TerraformStack {
  build(): void {
    
    new ConsulGossipKeyring(this, 'keyring', {
      keys: [GossipKey.fromEnv('CONSUL_GOSSIP_KEY')],   // exactly these keys, the first one primary
      relayFactor: 2,                                    // optional: Consul's relay-factor (0–5)
    });
    
  }
}
