// Generated from README.md by test/unit/readme-examples.test.ts.
import { NomadAutopilotConfig, NomadProvider, RaftPeersAbsent } from '../src/constructs/index.js';
import { TerraformStack } from 'cdktf';
export class Example extends TerraformStack {
  build(): void {
    
    new NomadProvider(this, 'nomad', { address: 'https://nomad.eu.example:4646', region: 'eu' });
    new NomadAutopilotConfig(this, 'autopilot', { cleanupDeadServers: true, lastContactThreshold: '500ms', minQuorum: 3 });
    
  }
}
