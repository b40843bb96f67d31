// Golden plans of every kind, made as a user makes them: the CLI against the simulators, printed as
// text, JSON and Markdown (`npx vitest run test/golden -u` rewrites them after a deliberate change).
import { describe, expect, it } from 'vitest';
import { type ConsulDatacenterControl, DEFAULT_GOSSIP_KEY } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { withoutPorts, withoutVersion } from '../support/golden.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';

const NEW_KEY = Buffer.alloc(32, 0x5a).toString('base64');
const ENV = { NEW_GOSSIP_KEY: NEW_KEY, OLD_GOSSIP_KEY: DEFAULT_GOSSIP_KEY };
/** Well formed, and no server of the simulators has it: a peer that is already gone. */
const ABSENT_PEER = '0b5e7c1a-1111-4222-8333-444455556666';

/** A synth dir for one Consul datacenter dc1 of an Enterprise simulator, set up by `arrange`. */
async function consulCase(arrange: (dc: ConsulDatacenterControl) => FixtureStack['resources']): Promise<string> {
  const datacenters = [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY] } }, { name: 'dc2' }, { name: 'dc3' }];
  const sim = await startSimulator({ edition: 'enterprise', datacenters });
  return writeSynthDir([{ name: 'dc1', resources: arrange(sim.consul('dc1')) }], sim.address);
}

const CASES: Record<string, () => Promise<string>> = {
  // consul-operator-api.md §4.8: an area for a peer that has none is created with one POST.
  create: () =>
    consulCase(() => ({ consul_network_area: { to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.1.1'] } } })),
  // An undeclared live area, with ownership declared, is an implied deletion.
  delete: () =>
    consulCase((dc) => {
      dc.createArea({ peerDatacenter: 'dc3' });
      return { opstack_consul_network_area_ownership: { areas: {} } };
    }),
  // consul-operator-api.md §4.7: install the new key, make it primary, remove the old one.
  keyring: () =>
    consulCase(() => ({ opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } })),
  // Risk notes beside an update, and a no-op note for a peer that is not in raft.
  notes: () =>
    consulCase((dc) => {
      dc.setServerHealth(dc.servers()[2]?.id ?? '', { serfStatus: 'failed', healthy: false });
      return {
        consul_autopilot_config: { autopilot: { min_quorum: 5, cleanup_dead_servers: false } },
        opstack_raft_peers_absent: { gone: { peers: [{ id: ABSENT_PEER }] } },
      };
    }),
  // consul-operator-api.md §4.5: a dead server's removal shows voters and failure tolerance.
  'raft-removal': () =>
    consulCase((dc) => {
      const dead = dc.servers()[2]?.id ?? '';
      dc.setServerHealth(dead, { serfStatus: 'failed', healthy: false });
      return { opstack_raft_peers_absent: { gone: { peers: [{ id: dead }] } } };
    }),
  // nomad-operator-api.md §3.3, §3.6, §3.4, §3.8: autopilot, scheduler, a dead server, the gossip keyring.
  nomad: async () => {
    const sim = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }] });
    const dead = sim.region('eu').servers()[4];
    sim.region('eu').setServerHealth(dead?.name ?? '', { status: 'failed' });
    return writeSynthDir(
      [
        {
          name: 'nomad-eu',
          product: 'nomad',
          provider: { address: sim.url, region: 'eu' },
          resources: {
            opstack_nomad_autopilot_config: { autopilot: { last_contact_threshold: '1s', min_quorum: 3 } },
            nomad_scheduler_config: {
              scheduler: { scheduler_algorithm: 'spread', preemption_config: { batch_scheduler_enabled: true } },
            },
            opstack_raft_peers_absent: { dead: { peers: [{ id: dead?.id }] } },
            opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } },
          },
        },
      ],
      '',
    );
  },
};

describe('plans of every kind, as the CLI prints them (golden files)', () => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const synthDir = await CASES[name]!();
    const views = { txt: [], json: ['--json'], md: ['--markdown'] };
    for (const [extension, flags] of Object.entries(views)) {
      const result = await runCli(['plan', '--synth-dir', synthDir, ...flags], { env: ENV });
      expect([result.code, result.stderr]).toEqual([0, '']);
      await expect(withoutVersion(withoutPorts(result.stdout))).toMatchFileSnapshot(
        `expected/plan-${name}.${extension}`,
      );
    }
  });
});
