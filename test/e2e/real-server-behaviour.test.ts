import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';

const NEW = Buffer.alloc(32, 0x21).toString('base64');
const KEYRING = '/v1/operator/keyring';
const FAST_POLL = ['--poll-interval', '10ms'];

let sim: Simulator | undefined;
let nomad: NomadSimulator | undefined;

async function keyringSetup() {
  sim = await startSimulator({ datacenters: [{ name: 'dc1', servers: 3, gossip: { keys: [DEFAULT_GOSSIP_KEY] } }] });
  const synthDir = writeSynthDir(
    [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } } }],
    sim.address,
  );
  return { sim, synthDir, env: { NEW_KEY: NEW } };
}

describe('no leader, as real servers answer it (observed-real-servers.md §1, §2)', () => {
  it(
    'Consul: one attempt waits out the hold, then a clear ' + '"no leader" error; the hold is never entered twice',
    async () => {
      sim = await startSimulator();
      const synthDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
      sim.faults.noLeader('dc1', true, { holdMs: 400 });
      const plan = await runCli(['plan', '--synth-dir', synthDir]);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(
        'Consul at http://' +
          sim.address +
          ' (datacenter "dc1") has no cluster leader (GET /v1/operator/autopilot/configuration answered 500)',
      );
      expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /v1/operator/autopilot/configuration 500',
      ]);
    },
  );

  it('Nomad: the same, after its hold', async () => {
    nomad = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    const synthDir = writeSynthDir(
      [
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: nomad.url, region: 'eu' },
          resources: { opstack_nomad_autopilot_config: { a: { min_quorum: 1 } } },
        },
      ],
      '',
    );
    nomad.faults.noLeader('eu', true, { holdMs: 400 });
    const plan = await runCli(['plan', '--synth-dir', synthDir]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('(region "eu") has no cluster leader');
    expect(nomad.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1/operator/autopilot/configuration 500',
    ]);
  });
});

describe('the keyring right after a server died (observed-real-servers.md §3)', () => {
  it(
    'plan fails with the pool and counts, saying a node ' +
      'stopped answering and to retry or remove it, after one read',
    async () => {
      const { sim, synthDir, env } = await keyringSetup();
      sim.consul('dc1').memberDied('dc1-server-3', { stillCountedMs: 60_000, answerDelayMs: 50 });
      const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain('a node stopped answering keyring queries (WAN: 2/3 nodes answered)');
      expect(plan.stderr).toContain('Retry in a minute; if the node is gone for good, remove it');
      expect(sim.requests.filter((r) => r.path === KEYRING).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 500']);
    },
  );

  it('a wait keeps polling through it, and the rotation converges once the dead member is marked failed', async () => {
    const { sim, synthDir, env } = await keyringSetup();
    const apply = await runCli(['apply', '--synth-dir', synthDir, ...FAST_POLL], {
      env,
      tty: true,
      // The server dies while the operator reads the plan.
      answer: () => {
        sim.consul('dc1').memberDied('dc1-server-3', { stillCountedMs: 500, answerDelayMs: 20 });
        return 'yes';
      },
    });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    // The terminal's progress line shows the state while it lasts.
    expect(apply.stdout).toContain('WAN (a node is not answering): 2/3 nodes');
    const statuses = sim.requests.filter((r) => r.path === KEYRING && r.method === 'GET').map((r) => r.status);
    expect(statuses).toContain(500);
    expect(statuses.at(-1)).toBe(200);
    const alive = sim
      .consul('dc1')
      .keyring()
      .flatMap((p) => p.nodes)
      .filter((n) => !n.name.startsWith('dc1-server-3'));
    expect(alive.every((n) => n.primary === NEW && n.keys.length === 1)).toBe(true);
  });

  it('a wait gives up at --wait-timeout with the pool and counts', async () => {
    const { sim, synthDir, env } = await keyringSetup();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--wait-timeout', '300ms', ...FAST_POLL], {
      env,
      answer: () => {
        sim.consul('dc1').memberDied('dc1-server-3', { stillCountedMs: 60_000, answerDelayMs: 20 });
        return 'yes';
      },
    });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('gave up after 300ms waiting');
    expect(apply.stderr).toContain('a node stopped answering keyring queries (WAN: 2/3 nodes answered)');
    expect(apply.stderr).toContain('Steps that ran:');
  });
});
