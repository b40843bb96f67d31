import { describe, expect, it } from 'vitest';
import type { Simulator, SimulatorOptions } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startSimulator } from '../support/simulators.js';
import { withoutVersion } from '../support/golden.js';

let sim: Simulator | undefined;

const writes = (s: Simulator) =>
  withoutLockCalls(s.requests)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}?dc=${r.query.dc} ${r.body}`);
const areaStack = (areas: Record<string, Record<string, unknown>>, own = false): FixtureStack => ({
  name: 'dc1',
  resources: { consul_network_area: areas, ...(own ? { opstack_consul_network_area_ownership: { areas: {} } } : {}) },
});

async function enterprise(options: SimulatorOptions = {}) {
  sim = await startSimulator({
    ...options,
    edition: 'enterprise',
    datacenters: [{ name: 'dc1' }, { name: 'dc2' }, { name: 'dc3' }],
  });
  return sim;
}

describe('Consul network areas through the CLI (consul-operator-api.md §4.8)', () => {
  it('creates a declared area with one POST, then plans nothing', async () => {
    const sim = await enterprise();
    const synthDir = writeSynthDir(
      [areaStack({ to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.1.1'], use_tls: true } })],
      sim.address,
    );
    const plan = await runCli(['plan', '--synth-dir', synthDir]);
    expect(plan.stdout).toContain('# consul_network_area.to_dc2 will be created');
    expect(plan.stdout).toContain('+ peer_datacenter = "dc2"');
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    sim.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(writes(sim)).toEqual([
      'POST /v1/operator/area?dc=dc1 {"PeerDatacenter":"dc2","RetryJoin":["127.0.1.1"],"UseTLS":true}',
    ]);
    expect(sim.consul('dc1').areas()).toMatchObject([
      { peerDatacenter: 'dc2', retryJoin: ['127.0.1.1'], useTls: true },
    ]);
    expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'])).code).toBe(0);
  });

  it('updates RetryJoin in place with PUT /area/<id>, the body carrying PeerDatacenter', async () => {
    const sim = await enterprise();
    const id = sim.consul('dc1').createArea({ peerDatacenter: 'dc2', retryJoin: ['127.0.1.1'], useTls: true });
    const synthDir = writeSynthDir(
      [areaStack({ to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.1.2:8300'] } })],
      sim.address,
    );
    sim.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(writes(sim)).toEqual([
      `PUT /v1/operator/area/${id}?dc=dc1 {"PeerDatacenter":"dc2","RetryJoin":["127.0.1.2:8300"],"UseTLS":true}`,
    ]);
    expect(
      withoutLockCalls(sim.requests).filter((r) => r.method === 'GET' && r.path === '/v1/operator/area'),
    ).toHaveLength(2);
  });

  it('a matching area is a no-op: one GET, no write', async () => {
    const sim = await enterprise();
    sim.consul('dc1').createArea({ peerDatacenter: 'dc2', retryJoin: ['127.0.1.1'] });
    const synthDir = writeSynthDir(
      [areaStack({ to_dc2: { peer_datacenter: 'dc2', retry_join: ['127.0.1.1'] } })],
      sim.address,
    );
    sim.clearRequests();
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'])).code).toBe(0);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/operator/area']);
  });

  it(
    'an undeclared area is left alone without ownership, ' + 'and deleted with it, marked "not declared in the stack"',
    async () => {
      const sim = await enterprise();
      const stray = sim.consul('dc1').createArea({ peerDatacenter: 'dc3' });
      sim.consul('dc1').createArea({ peerDatacenter: 'dc2' });
      const declared = { to_dc2: { peer_datacenter: 'dc2' } };
      const without = await runCli([
        'plan',
        '--synth-dir',
        writeSynthDir([areaStack(declared)], sim.address),
        '--detailed-exitcode',
      ]);
      expect(without.code).toBe(0);
      const owned = writeSynthDir([areaStack(declared, true)], sim.address);
      const plan = await runCli(['plan', '--synth-dir', owned]);
      expect(plan.stdout).toContain('# consul_network_area[peer=dc3] will be destroyed');
      expect(plan.stdout).toContain('# not declared in the stack');
      expect(plan.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
      const json = JSON.parse((await runCli(['plan', '--synth-dir', owned, '--json'])).stdout);
      expect(json.resource_changes.filter((c: { action: string }) => c.action === 'delete')).toMatchObject([
        {
          address: 'dc1/consul_network_area[peer=dc3]',
          notes: [
            { code: 'implied-deletion', severity: 'info', message: `not declared in the stack; area ID ${stray}` },
            {
              code: 'area-deletion-cuts-members',
              severity: 'danger',
              message:
                'deleting this area takes dc3-server-1.dc3, dc3-server-2.dc3 and dc3-server-3.dc3 of dc3, ' +
                'which are alive, out of reach of dc1 (unless the datacenters are also joined over WAN)',
            },
          ],
        },
      ]);
      sim.clearRequests();
      expect((await runCli(['apply', '--synth-dir', owned, '--auto-approve'])).code).toBe(0);
      expect(writes(sim)).toEqual([`DELETE /v1/operator/area/${stray}?dc=dc1 `]);
      expect(
        sim
          .consul('dc1')
          .areas()
          .map((a) => a.peerDatacenter),
      ).toEqual(['dc2']);
    },
  );

  it(
    'against Consul CE a stack with areas fails with "needs ' + 'Consul Enterprise"; other stacks are planned as usual',
    async () => {
      sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
      const synthDir = writeSynthDir(
        [areaStack({ to_dc2: { peer_datacenter: 'dc2' } }), { name: 'dc2', autopilot: { min_quorum: 3 } }],
        sim.address,
      );
      const plan = await runCli(['plan', '--synth-dir', synthDir]);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain('Network areas need Consul Enterprise');
      expect(plan.stdout).toContain('Stack dc2: Consul datacenter "dc2"');
      expect(plan.stdout).toContain('~ min_quorum = 0 -> 3');
      expect(withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET')).toEqual([]);
    },
  );
});

describe('opstack status (golden files)', () => {
  it('Enterprise: leader, raft peers with health, areas with members', async () => {
    // The golden file shows followers' LastContact, so it is fixed (it varies between reads otherwise).
    const sim = await enterprise({ followerContact: 'fixed' });
    sim.consul('dc1').createArea({ peerDatacenter: 'dc2', retryJoin: ['127.0.1.1'], useTls: true });
    sim.consul('dc1').setServerHealth('dc1-server-3', { healthy: false });
    const env = { CONSUL_HTTP_ADDR: sim.address };
    // The golden text names a fixed address and time; the simulator's port and clock differ per run.
    const fixed = (text: string) =>
      text
        .replaceAll(sim.address, '127.0.0.1:PORT')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:[\d.]+(Z|[+-]\d\d:\d\d)/g, '<time>');
    const viaEnv = writeSynthDir([{ name: 'dc1', provider: { datacenter: 'dc1' }, autopilot: { min_quorum: 3 } }], '');
    const status = await runCli(['status', '--synth-dir', viaEnv], { env });
    expect(status.code).toBe(0);
    await expect(fixed(status.stdout)).toMatchFileSnapshot('../golden/expected/status-enterprise.txt');
    const json = await runCli(['status', '--synth-dir', viaEnv, '--json'], { env });
    await expect(withoutVersion(fixed(json.stdout))).toMatchFileSnapshot('../golden/expected/status-enterprise.json');
  });

  it('CE: areas shown as not available', async () => {
    sim = await startSimulator();
    const synthDir = writeSynthDir([{ name: 'dc1', provider: { datacenter: 'dc1' } }], '');
    const status = await runCli(['status', '--synth-dir', synthDir], { env: { CONSUL_HTTP_ADDR: sim.address } });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Network areas: not available (Consul CE has no network areas)');
  });
});
