// A project that declares every resource kind opstack manages, against a Consul and a Nomad simulator.
import { DEFAULT_GOSSIP_KEY, type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { writeSynthDir } from './synth-fixture.js';

export const NEW_GOSSIP_KEY = Buffer.alloc(32, 0x5a).toString('base64');
export const OLD_GOSSIP_KEY = DEFAULT_GOSSIP_KEY;

export interface EveryKind {
  readonly consul: Simulator;
  readonly nomad: NomadSimulator;
  readonly synthDir: string;
  readonly env: Record<string, string>;
  /** Raft IDs of the dead servers the stacks declare absent. */
  readonly deadConsul: string;
  readonly deadNomad: string;
  close(): Promise<void>;
}

/**
 * Stack dc1 (Consul Enterprise): autopilot update, keyring rotation, a new network area, area
 * ownership deleting an undeclared one, and a dead raft peer; stack dc2: an unchanged autopilot;
 * stack nomad-eu: Nomad autopilot, scheduler, keyring rotation and a dead Nomad peer.
 */
export async function startEveryKind(): Promise<EveryKind> {
  const consul = await startSimulator({
    edition: 'enterprise',
    datacenters: [{ name: 'dc1', gossip: { keys: [OLD_GOSSIP_KEY] } }, { name: 'dc2' }, { name: 'dc3' }],
  });
  const nomad = await startNomadSimulator({
    regions: [{ name: 'eu', servers: 5 }],
    gossip: { keys: [OLD_GOSSIP_KEY] },
  });
  const deadConsul = consul.consul('dc1').servers()[2]?.id ?? '';
  consul.consul('dc1').setServerHealth(deadConsul, { serfStatus: 'failed' });
  consul.consul('dc1').createArea({ peerDatacenter: 'dc3' });
  const deadNomad = nomad.region('eu').servers()[4];
  nomad.region('eu').setServerHealth(deadNomad?.name ?? '', { status: 'failed' });
  const synthDir = writeSynthDir(
    [
      {
        name: 'dc1',
        autopilot: { last_contact_threshold: '1s', max_trailing_logs: 250 },
        resources: {
          opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }, { env: 'OLD_GOSSIP_KEY' }] } },
          consul_network_area: { to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.1.1'] } },
          opstack_consul_network_area_ownership: { areas: {} },
          opstack_raft_peers_absent: { gone: { peers: [{ id: deadConsul }] } },
        },
      },
      { name: 'dc2', autopilot: { cleanup_dead_servers: true } },
      {
        name: 'nomad-eu',
        product: 'nomad',
        provider: { address: nomad.url, region: 'eu' },
        resources: {
          opstack_nomad_autopilot_config: { autopilot: { last_contact_threshold: '1s', min_quorum: 3 } },
          nomad_scheduler_config: {
            scheduler: { scheduler_algorithm: 'spread', preemption_config: { batch_scheduler_enabled: true } },
          },
          opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } },
          opstack_raft_peers_absent: {
            dead: { peers: [{ address: deadNomad?.address, allow_live: true }], min_failure_tolerance: 1 },
          },
        },
      },
    ],
    consul.address,
  );
  return {
    consul,
    nomad,
    synthDir,
    env: { NEW_GOSSIP_KEY, OLD_GOSSIP_KEY },
    deadConsul,
    deadNomad: deadNomad?.id ?? '',
    close: async () => {
      await consul.close();
      await nomad.close();
    },
  };
}
