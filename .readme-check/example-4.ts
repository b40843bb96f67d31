// Generated from README.md by test/unit/readme-examples.test.ts.
import { RaftPeersAbsent } from '../src/constructs/index.js';
import { TerraformStack } from 'cdktf';
export class Example extends TerraformStack {
  build(): void {
    
    new RaftPeersAbsent(this, 'dead-servers', { peers: [{ address: '10.0.3.15:4647' }, { id: '8f0c0000-0000-0000-0000-000000000000' }] }, 'nomad');
    
  }
}
