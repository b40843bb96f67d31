// `plan --rehearse` and `apply --rehearse` (issue 12 item 3): the plan runs on the embedded
// simulator's copy of what was read, and the real clusters' request logs show reads only.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/sim/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runBinary, runCli } from '../support/cli.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { tempDir } from '../support/temp-dir.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const OLD_KEY = Buffer.alloc(32, 0x41).toString('base64');
const NEW_KEY = Buffer.alloc(32, 0x42).toString('base64');
const writes = (log: readonly RecordedRequest[]) =>
  log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

/** A datacenter whose last server is dead, and a stack declaring it absent (and any autopilot settings). */
async function withDeadServer(
  servers: number,
  autopilot?: Record<string, unknown>,
  rules: Record<string, unknown> = {},
) {
  const consul = await startSimulator({ datacenters: [{ name: 'dc1', servers }] });
  const dc = consul.consul('dc1');
  dc.killServer(`dc1-server-${servers}`);
  const dead = dc.servers().find((s) => s.name === `dc1-server-${servers}`)!;
  const resources = { opstack_raft_peers_absent: { dead: { peers: [{ id: dead.id }], ...rules } } };
  const dir = writeSynthDir([{ name: 'dc1', resources, ...(autopilot ? { autopilot } : {}) }], consul.address);
  return { consul, dc, dead, dir };
}

describe('plan --rehearse', () => {
  it('a key rotation, an autopilot and a scheduler change converge on the copy; the clusters see reads', async () => {
    const consul = await startSimulator({
      datacenters: [{ name: 'dc1', servers: 3, gossip: { keys: [OLD_KEY], clients: 2 } }],
    });
    const nomad = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    nomad.region('eu').setSchedulerConfig({ SchedulerAlgorithm: 'binpack' });
    const dir = writeSynthDir(
      [
        {
          name: 'dc1',
          autopilot: { min_quorum: 3 },
          resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } },
        },
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: nomad.url, region: 'eu' },
          resources: { nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } } },
        },
      ],
      consul.address,
    );
    const result = await runCli(['plan', '--synth-dir', dir, '--rehearse'], { env: { NEW_KEY } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 0 to add, 3 to change, 0 to destroy.');
    expect(result.stdout).toContain(
      '\nRehearsal converged in 8 steps: the embedded simulator, holding a copy of what was read from 2 clusters, ' +
        'ran the plan ' +
        'with the same gates, waits and guards, and a re-read finds nothing left to change. ' +
        'Nothing was written to any real cluster: they received reads only.\n',
    );
    expect(writes(consul.requests)).toEqual([]);
    expect(writes(nomad.requests)).toEqual([]);
    // The clusters are as they were.
    expect(
      consul
        .consul('dc1')
        .keyring()
        .flatMap((pool) => pool.nodes.map((n) => n.keys)),
    ).toEqual(Array(8).fill([OLD_KEY]));
    expect(consul.consul('dc1').autopilotConfig().MinQuorum).toBe(0);
    expect(nomad.region('eu').schedulerConfig().SchedulerAlgorithm).toBe('binpack');
    expect(result.stdout).not.toContain(NEW_KEY);
    expect(result.stdout).not.toContain(OLD_KEY);
    expect(result.stdout).toContain(fingerprint(NEW_KEY));
  });

  it('a network area update converges on the copy, whose area IDs are its own', async () => {
    const consul = await startSimulator({ edition: 'enterprise', datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    consul.consul('dc1').createArea({ peerDatacenter: 'dc2', retryJoin: ['127.0.2.1'] });
    const areas = {
      consul_network_area: { to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.2.2'], use_tls: true } },
    };
    const dir = writeSynthDir([{ name: 'dc1', resources: areas }], consul.address);
    const result = await runCli(['plan', '--synth-dir', dir, '--rehearse', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ change: 1 });
    expect(result.stderr).toContain('\nRehearsal converged in 1 step: ');
    expect(writes(consul.requests)).toEqual([]);
  });

  it('fails as the real apply would: a guard refuses a removal the earlier MinQuorum step forbids', async () => {
    const { consul, dc, dead, dir } = await withDeadServer(3, { min_quorum: 3 }, { min_failure_tolerance: 0 });
    const plan = await runCli(['plan', '--synth-dir', dir, '--rehearse']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 1 to destroy.');
    expect(plan.stdout).toContain(
      `\nRehearsal failed at step 2 of 2, dc1 step 2: DELETE /v1/operator/raft/peer?dc=dc1&id=${dead.id}`,
    );
    expect(plan.stdout).toContain('refusing, just before the DELETE, to remove raft peer');
    expect(plan.stdout).toContain(
      'MinQuorum: after this removal 2 voters would remain, below the autopilot MinQuorum of 3.',
    );
    expect(plan.stdout).toContain('Nothing was written to any real cluster: they received reads only.\n');
    expect(writes(consul.requests)).toEqual([]);

    consul.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', dir, '--rehearse', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toBe(
      'Error: The rehearsal did not converge (above), so nothing was applied to any cluster.\n' +
        '  Fix what it found, then plan and apply again.\n',
    );
    expect(writes(consul.requests)).toEqual([]);
    expect(dc.servers()).toHaveLength(3);
    expect(dc.autopilotConfig().MinQuorum).toBe(0);
  });

  it('apply --rehearse removes a failed server only after the copy converged, and then for real', async () => {
    const { consul, dc, dir } = await withDeadServer(5);
    const apply = await runCli(['apply', '--synth-dir', dir, '--rehearse', '--auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const rehearsed = apply.stdout.indexOf('\nRehearsal converged in 1 step: ');
    expect(rehearsed).toBeGreaterThan(0);
    expect(apply.stdout.indexOf('Apply complete!')).toBeGreaterThan(rehearsed);
    expect(writes(consul.requests).filter((w) => w.startsWith('DELETE /v1/operator/raft'))).toEqual([
      'DELETE /v1/operator/raft/peer',
    ]);
    expect(dc.servers().map((s) => s.name)).not.toContain('dc1-server-5');
  });

  it('a plan without changes has nothing to rehearse and reads nothing more', async () => {
    const consul = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 0 } }], consul.address);
    const result = await runCli(['plan', '--synth-dir', dir, '--rehearse']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\nRehearsal: nothing to rehearse, the plan has no changes.\n');
    expect(consul.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/operator/autopilot/configuration']);
  });

  it('a state the copy cannot hold (a key on some nodes only) is reported, not rehearsed', async () => {
    const consul = await startSimulator({
      datacenters: [{ name: 'dc1', servers: 3, gossip: { keys: [OLD_KEY], clients: 1 } }],
    });
    const dc = consul.consul('dc1');
    dc.setKeyringNodeFailure('dc1-client-1', 'install');
    const install = await fetch(`${consul.url}/v1/operator/keyring`, {
      method: 'POST',
      body: JSON.stringify({ Key: NEW_KEY }),
    });
    expect(install.status).toBe(500); // installed on every node but the client
    dc.setKeyringNodeFailure('dc1-client-1', 'install', null);
    consul.clearRequests();
    const dir = writeSynthDir(
      [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } } }],
      consul.address,
    );
    const result = await runCli(['plan', '--synth-dir', dir, '--rehearse'], { env: { NEW_KEY } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        '\\nRehearsal not possible for stack dc1: the copy plans step \\d+ differently \\(.+\\)\\. ' +
          'Nothing was written to any real cluster: they received reads only\\.\\n$',
      ),
    );
    expect(writes(consul.requests)).toEqual([]);
  });

  it('a Nomad gossip key rotation converges on the copy', async () => {
    const nomad = await startNomadSimulator({ regions: [{ name: 'eu' }], gossip: { keys: [OLD_KEY] } });
    const keyring = { opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } };
    const dir = writeSynthDir(
      [{ name: 'eu', product: 'nomad', provider: { address: nomad.url, region: 'eu' }, resources: keyring }],
      '',
    );
    const result = await runCli(['plan', '--synth-dir', dir, '--rehearse'], { env: { NEW_KEY } });
    expect(result.stdout).toMatch(/\nRehearsal converged in \d+ steps: /);
    expect(result.code).toBe(0);
    expect(writes(nomad.requests)).toEqual([]);
    expect(nomad.gossip.keyring().map((node) => node.keys)).toEqual([[OLD_KEY], [OLD_KEY], [OLD_KEY]]);
  });

  it('the installed binary rehearses too (the bundle loads the simulator only then)', async () => {
    const { consul, dir } = await withDeadServer(5);
    const result = await runBinary(['plan', '--synth-dir', dir, '--rehearse']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('\nRehearsal converged in 1 step: ');
    expect(result.code).toBe(0);
    expect(writes(consul.requests)).toEqual([]);
  });

  it('apply <saved plan> --rehearse checks the file, rehearses it, and stops before any write on failure', async () => {
    const { consul, dc, dir } = await withDeadServer(3, { min_quorum: 3 }, { min_failure_tolerance: 0 });
    const planFile = join(tempDir('rehearse'), 'plan.json');
    expect((await runCli(['plan', '--synth-dir', dir, '--out', planFile])).code).toBe(0);
    consul.clearRequests();
    const apply = await runCli(['apply', planFile, '--synth-dir', dir, '--rehearse']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('Checking the saved plan against the stacks and the clusters (1 stack)...');
    expect(apply.stdout).toContain('\nRehearsal failed at step 2 of 2, dc1 step 2: DELETE /v1/operator/raft/peer');
    expect(apply.stderr).toContain(
      'Error: The rehearsal did not converge (above), so nothing was applied to any cluster.',
    );
    expect(writes(consul.requests)).toEqual([]);
    expect(dc.autopilotConfig().MinQuorum).toBe(0);
  });
});
