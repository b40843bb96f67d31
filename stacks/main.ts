// An opstack app: one cdktf stack per cluster. Copy this file to start your own.
//
//   opstack plan          # what would change, per stack
//   opstack apply         # make it so (asks first on a terminal)
//   opstack drift         # exit 2 when a cluster no longer matches its stack
import { App, TerraformStack } from 'cdktf';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import type { Construct } from 'constructs';
import { ConsulAutopilotConfig } from '../src/constructs/index.js';

/** Where the Consul HTTP API is: CONSUL_HTTP_ADDR at synth time, else the local agent. */
const consulAddress = process.env.CONSUL_HTTP_ADDR ?? '127.0.0.1:8500';

class ConsulDatacenter extends TerraformStack {
  constructor(scope: Construct, datacenter: string, autopilot: { minQuorum: number; lastContactThreshold: string }) {
    super(scope, datacenter);
    // The provider block names the cluster. Tokens never go here: opstack reads
    // CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE from the environment.
    new ConsulProvider(this, 'consul', { address: consulAddress, datacenter });
    // Only the fields declared here are managed; everything else stays as the cluster has it.
    new ConsulAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: autopilot.lastContactThreshold,
      maxTrailingLogs: 250,
      minQuorum: autopilot.minQuorum,
      serverStabilizationTime: '10s',
    });
  }
}

const app = new App();
new ConsulDatacenter(app, 'dc1', { minQuorum: 3, lastContactThreshold: '1s' });
new ConsulDatacenter(app, 'dc2', { minQuorum: 3, lastContactThreshold: '500ms' });
app.synth();
