// Generated from README.md by test/unit/readme-examples.test.ts.
import { App, TerraformStack } from 'cdktf';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import type { Construct } from 'constructs';
import { ConsulAutopilotConfig } from '../src/constructs/index.js';

class Dc1 extends TerraformStack {
  constructor(scope: Construct) {
    super(scope, 'dc1');
    new ConsulProvider(this, 'consul', { address: 'consul.dc1.example:8501', scheme: 'https', datacenter: 'dc1' });
    new ConsulAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: '1s',
      maxTrailingLogs: 250,
      minQuorum: 3,               // typed: the provider's AutopilotConfig lacks it
      serverStabilizationTime: '10s',
    });
  }
}

const app = new App();
new Dc1(app);
app.synth();

