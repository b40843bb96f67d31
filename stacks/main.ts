// An opstack app: one cdktf stack per cluster. Copy this file to start your own.
//
//   opstack plan          # what would change, per stack
//   opstack apply         # make it so (asks first on a terminal)
//   opstack drift         # exit 2 when a cluster no longer matches its stack
//   opstack status        # leaders, raft peers, health, autopilot state, network areas
import { App, TerraformStack } from 'cdktf';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import type { Construct } from 'constructs';
import {
  ConsulAutopilotConfig,
  ConsulGossipKeyring,
  GossipKey,
  NomadAutopilotConfig,
  NomadGossipKeyring,
  NomadProvider,
  NomadSchedulerConfig,
  RaftPeersAbsent,
} from 'opstack';

/** Where the Consul HTTP API is: CONSUL_HTTP_ADDR at synth time, else the local agent. */
const consulAddress = process.env.CONSUL_HTTP_ADDR ?? '127.0.0.1:8500';
const nomadAddress = process.env.NOMAD_ADDR ?? 'http://127.0.0.1:4646';

interface DatacenterSettings {
  readonly minQuorum: number;
  readonly lastContactThreshold: string;
  /** Manage the gossip keyring from this stack (once per WAN federation: a keyring write reaches every pool). */
  readonly gossipKeyring?: boolean;
}

class ConsulDatacenter extends TerraformStack {
  constructor(scope: Construct, datacenter: string, settings: DatacenterSettings) {
    super(scope, datacenter);
    // The provider block names the cluster. Tokens never go here: opstack reads
    // CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE from the environment.
    new ConsulProvider(this, 'consul', { address: consulAddress, datacenter });
    // Only the fields declared here are managed; everything else stays as the cluster has it.
    new ConsulAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: settings.lastContactThreshold,
      maxTrailingLogs: 250,
      minQuorum: settings.minQuorum,
      serverStabilizationTime: '10s',
    });
    if (settings.gossipKeyring) {
      // The key lives in CONSUL_GOSSIP_KEY (a CI secret); the stack only names where to find it.
      // Put a new key there and apply: opstack installs it, waits, makes it primary, waits, and
      // removes every key not listed.
      new ConsulGossipKeyring(this, 'keyring', { keys: [GossipKey.fromEnv('CONSUL_GOSSIP_KEY')] });
    }
  }
}

class NomadRegion extends TerraformStack {
  constructor(scope: Construct, id: string, region: string, deadPeers: readonly string[]) {
    super(scope, id);
    // The token comes from NOMAD_TOKEN where opstack runs.
    new NomadProvider(this, 'nomad', { address: nomadAddress, region });
    new NomadAutopilotConfig(this, 'autopilot', {
      cleanupDeadServers: true,
      lastContactThreshold: '500ms',
      minQuorum: 3,
    });
    // Spread allocations across clients, and let batch jobs preempt lower-priority work. As with
    // autopilot, only the fields set here are managed; opstack sends the full object with ?cas=.
    new NomadSchedulerConfig(this, 'scheduler', {
      schedulerAlgorithm: 'spread',
      preemptionConfig: { batchSchedulerEnabled: true },
    });
    // One keyring for every federated region's servers (declare it in one region's stack). The
    // key lives in NOMAD_GOSSIP_KEY; the rotation is gated like Consul's.
    new NomadGossipKeyring(this, 'keyring', { keys: [GossipKey.fromEnv('NOMAD_GOSSIP_KEY')] });
    // Servers that died and will not come back. opstack removes them from raft only if they are
    // gone and it is safe: never a running server (unless its entry sets allowLive), never the
    // leader, never below quorum or MinQuorum, never lowering the failure tolerance.
    new RaftPeersAbsent(this, 'dead-servers', { peers: deadPeers.map((address) => ({ address })) });
  }
}

const app = new App();
new ConsulDatacenter(app, 'dc1', { minQuorum: 3, lastContactThreshold: '1s', gossipKeyring: true });
new ConsulDatacenter(app, 'dc2', { minQuorum: 3, lastContactThreshold: '500ms' });
// 127.0.0.5:4647 is the raft address of the server the demo's simulated region has lost.
new NomadRegion(app, 'nomad-eu', 'eu', ['127.0.0.5:4647']);
app.synth();
