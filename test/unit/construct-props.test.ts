import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutopilotConfig } from '@cdktf/provider-consul/lib/autopilot-config/index.js';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import { App, TerraformStack } from 'cdktf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConsulAutopilotConfig,
  ConsulGossipKeyring,
  ConsulNetworkArea,
  ConsulNetworkAreaOwnership,
  GossipKey,
  NomadAutopilotConfig,
  NomadGossipKeyring,
  NomadProvider,
  NomadSchedulerConfig,
  RaftPeersAbsent,
} from '../../src/constructs/index.js';
import { loadDesired } from '../../src/desired/load-desired.js';
import { readSynthOutput } from '../../src/synth/synth-output.js';

/** Builds an app the way `opstack plan` runs one, and loads its output as plan does. */
async function load(build: (app: App) => void) {
  const app = new App({ outdir });
  build(app);
  app.synth();
  return loadDesired(
    await readSynthOutput(outdir),
    () => ({ ok: true, key: Buffer.alloc(32, 1).toString('base64') }) as never,
  );
}

/** Property names given as an untyped object, as plain JavaScript, a spread or `as any` would give them. */
const untyped = <T>(props: Record<string, unknown>) => props as T;

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'opstack-props-'));
  // As opstack runs the app: cdktf writes error annotations to the manifest instead of throwing.
  vi.stubEnv('CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS', 'true');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(outdir, { recursive: true, force: true });
});

describe('opstack constructs reject properties they do not know, naming the construct path', () => {
  it('suggests the closest name for a typo in every construct, nested ones included', async () => {
    const { stacks, diagnostics } = await load((app) => {
      const dc1 = new TerraformStack(app, 'dc1');
      new ConsulProvider(dc1, 'consul', { datacenter: 'dc1' });
      new ConsulAutopilotConfig(dc1, 'autopilot', untyped({ minQuorom: 3 }));
      new ConsulGossipKeyring(dc1, 'keyring', untyped({ keys: [{ evn: 'K' }], relayFactr: 1 }));
      new ConsulNetworkArea(dc1, 'to-dc2', untyped({ peerDatacenter: 'dc2', useTSL: true }));
      new ConsulNetworkAreaOwnership(dc1, 'areas', untyped({ datacentre: 'dc1' }));
      new RaftPeersAbsent(dc1, 'dead', untyped({ peers: [{ adress: '10.0.0.9:8300' }] }));
      const eu = new TerraformStack(app, 'eu');
      new NomadProvider(eu, 'nomad', untyped({ regoin: 'eu' }));
      new NomadAutopilotConfig(eu, 'autopilot', untyped({ lastContactThreshhold: '1s' }));
      new NomadSchedulerConfig(eu, 'scheduler', untyped({ preemptionConfig: { serviceSchedulerEnable: true } }));
      new NomadGossipKeyring(eu, 'keyring', untyped({ keys: [{ fiel: '/k' }], relayFactor: 1 }));
    });
    expect(stacks).toEqual([]);
    const typos = diagnostics.filter((d) => d.summary.includes('has no property'));
    expect(typos).toEqual([
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/autopilot',
        summary: 'ConsulAutopilotConfig has no property `minQuorom`: did you mean `minQuorum`?',
      },
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/keyring',
        summary: 'ConsulGossipKeyring has no property `relayFactr`: did you mean `relayFactor`?',
      },
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/keyring',
        summary: 'ConsulGossipKeyring has no property `keys[0].evn`: did you mean `keys[0].env`?',
      },
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/to-dc2',
        summary: 'ConsulNetworkArea has no property `useTSL`: did you mean `useTls`?',
      },
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/areas',
        summary: 'ConsulNetworkAreaOwnership has no property `datacentre`: did you mean `datacenter`?',
      },
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/dead',
        summary: 'RaftPeersAbsent has no property `peers[0].adress`: did you mean `peers[0].address`?',
      },
      {
        severity: 'error',
        stack: 'eu',
        constructPath: 'eu/nomad',
        summary: 'NomadProvider has no property `regoin`: did you mean `region`?',
      },
      {
        severity: 'error',
        stack: 'eu',
        constructPath: 'eu/autopilot',
        summary: 'NomadAutopilotConfig has no property `lastContactThreshhold`: did you mean `lastContactThreshold`?',
      },
      {
        severity: 'error',
        stack: 'eu',
        constructPath: 'eu/scheduler',
        summary:
          'NomadSchedulerConfig has no property `preemptionConfig.serviceSchedulerEnable`: ' +
          'did you mean `preemptionConfig.serviceSchedulerEnabled`?',
      },
      {
        severity: 'error',
        stack: 'eu',
        constructPath: 'eu/keyring',
        summary: 'NomadGossipKeyring has no property `relayFactor`: it has `keys`.',
      },
      {
        severity: 'error',
        stack: 'eu',
        constructPath: 'eu/keyring',
        summary: 'NomadGossipKeyring has no property `keys[0].fiel`: did you mean `keys[0].file`?',
      },
    ]);
  });

  it('lists the known properties when nothing is close', async () => {
    const { diagnostics } = await load((app) => {
      const eu = new TerraformStack(app, 'eu');
      new NomadProvider(eu, 'nomad', untyped({ token: 's3cr3t' }));
    });
    expect(diagnostics).toContainEqual({
      severity: 'error',
      stack: 'eu',
      constructPath: 'eu/nomad',
      summary: 'NomadProvider has no property `token`: it has `address`, `region`, `caFile`, `certFile`, `keyFile`.',
    });
  });

  it('accepts every documented property', async () => {
    const { stacks, diagnostics } = await load((app) => {
      const dc1 = new TerraformStack(app, 'dc1');
      new ConsulProvider(dc1, 'consul', { datacenter: 'dc1' });
      new ConsulAutopilotConfig(dc1, 'autopilot', { cleanupDeadServers: true, minQuorum: 3 });
      new ConsulGossipKeyring(dc1, 'keyring', { keys: [GossipKey.fromEnv('K')], relayFactor: 1 });
      new RaftPeersAbsent(dc1, 'dead', {
        peers: [{ address: '10.0.0.9:8300', allowLive: true }],
        minFailureTolerance: 0,
      });
    });
    expect(diagnostics).toEqual([]);
    expect(stacks.map((s) => s.name)).toEqual(['dc1']);
  });
});

describe('the provider classes, which drop what they do not know', () => {
  it("an AutopilotConfig left with no setting is an error that points at the typo's likely cause", async () => {
    const { diagnostics } = await load((app) => {
      const dc1 = new TerraformStack(app, 'dc1');
      new ConsulProvider(dc1, 'consul', { datacenter: 'dc1' });
      new AutopilotConfig(dc1, 'autopilot', untyped({ minQuorom: 3 }));
    });
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        stack: 'dc1',
        constructPath: 'dc1/autopilot',
        summary: 'consul_autopilot_config.autopilot declares no setting, so opstack would manage nothing.',
        detail: expect.stringContaining(
          "ConsulAutopilotConfig from 'opstack' rejects them, and `opstack validate` type-checks the app.",
        ),
      },
    ]);
  });
});

describe('RaftPeersAbsent takes Consul or Nomad from its stack', () => {
  it('in a Nomad stack it is a Nomad resource, with no argument saying so', async () => {
    const { stacks, diagnostics } = await load((app) => {
      const eu = new TerraformStack(app, 'eu');
      new NomadProvider(eu, 'nomad', { region: 'eu' });
      new RaftPeersAbsent(eu, 'dead', { peers: [{ address: '10.0.0.9:4647' }] });
    });
    expect(diagnostics).toEqual([]);
    expect(stacks[0]?.resources).toEqual([
      expect.objectContaining({ type: 'opstack_raft_peers_absent', product: 'nomad', datacenter: 'eu' }),
    ]);
  });

  it('in a stack without a provider block the loader says so (no cdktf stack trace)', async () => {
    const { diagnostics } = await load((app) => {
      const lost = new TerraformStack(app, 'lost');
      new RaftPeersAbsent(lost, 'dead', { peers: [{ address: '10.0.0.9:4647' }] });
    });
    expect(diagnostics.map((d) => `${d.stack}: ${d.summary}`)).toEqual([
      'lost: Stack "lost" has no Consul or Nomad target.',
    ]);
  });
});
