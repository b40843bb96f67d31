// Your opstack app: one cdktf stack per cluster. `npx opstack plan` runs this file (the "app" in
// cdktf.json), reads each cluster's operator APIs and shows what `npx opstack apply` would change.
//
// Addresses, tokens and TLS files come from the environment opstack runs in, read the way the
// Consul and Nomad CLIs read them: CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, CONSUL_CACERT, NOMAD_ADDR,
// NOMAD_TOKEN, NOMAD_CACERT, ... An `address` in a provider block wins over the environment.
// Tokens never go in a stack: they would be written into the synthesised JSON.
//
// More to declare (gossip key rotation, network areas, dead raft peers): see opstack's README.
import { App, TerraformStack } from 'cdktf';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import type { Construct } from 'constructs';
import { ConsulAutopilotConfig, NomadAutopilotConfig, NomadProvider } from 'opstack';

/** A Consul datacenter. Every request names it (`?dc=`), so several may share one address. */
class ConsulDatacenter extends TerraformStack {
  constructor(scope: Construct, datacenter: string) {
    super(scope, datacenter);
    new ConsulProvider(this, 'consul', { datacenter });
    // Only the fields declared here are managed; everything else stays as the cluster has it.
    new ConsulAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: '200ms',
      maxTrailingLogs: 250,
      minQuorum: 3,
      serverStabilizationTime: '10s',
    });
  }
}

/** A Nomad region. Every request names it (`?region=`). */
class NomadRegion extends TerraformStack {
  constructor(scope: Construct, id: string, region: string) {
    super(scope, id);
    new NomadProvider(this, 'nomad', { region });
    new NomadAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: '200ms',
      minQuorum: 3,
    });
  }
}

const app = new App();
new ConsulDatacenter(app, 'dc1');
new NomadRegion(app, 'nomad-global', 'global');
app.synth();
