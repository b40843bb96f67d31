import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';

let consul: Simulator | undefined;
let nomad: NomadSimulator | undefined;
afterEach(async () => {
  await consul?.close();
  await nomad?.close();
  consul = nomad = undefined;
});

const NOMAD_TOKEN = '6f4c1d2e-0000-4000-8000-management01';

function nomadStack(sim: NomadSimulator, resources: FixtureStack['resources']): FixtureStack {
  return { name: 'nomad-eu', product: 'nomad', provider: { address: sim.url, region: 'eu' }, resources };
}

const writesTo = (requests: readonly { method: string; path: string; query: Record<string, string>; body: string }[]) =>
  requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} ${r.body}`);

describe('Consul and Nomad stacks in one run', () => {
  it('plans and applies both: Consul autopilot, Nomad autopilot (complete object, CAS, ?region=, X-Nomad-Token) and a dead Nomad peer', async () => {
    consul = await startSimulator();
    nomad = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }], acl: { enabled: true, tokens: [{ secret: NOMAD_TOKEN, type: 'management' }] } });
    const dead = nomad.region('eu').servers()[4];
    nomad.region('eu').setServerHealth(dead?.name ?? '', { status: 'failed' });
    const synthDir = writeSynthDir(
      [
        { name: 'dc1', autopilot: { min_quorum: 3 } },
        nomadStack(nomad, {
          opstack_nomad_autopilot_config: { autopilot: { last_contact_threshold: '1s', min_quorum: 3 } },
          opstack_raft_peers_absent: { dead: { peers: [{ address: dead?.address }] } },
        }),
      ],
      consul.address,
    );
    const env = { NOMAD_TOKEN };
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Stack nomad-eu: Nomad region "eu" at http://');
    expect(plan.stdout).toContain(`# opstack_raft_peers_absent[${dead?.id}] will be destroyed`);
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 1 to destroy.');

    const nomadModifyIndex = nomad.region('eu').autopilotConfig().ModifyIndex;
    consul.clearRequests();
    nomad.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'], { env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(writesTo(consul.requests)).toHaveLength(1);
    expect(writesTo(nomad.requests)).toEqual([
      `PUT /v1/operator/autopilot/configuration?region=eu&cas=${nomadModifyIndex} {"CleanupDeadServers":true,"LastContactThreshold":"1s","MaxTrailingLogs":250,"MinQuorum":3,"ServerStabilizationTime":"10s","EnableRedundancyZones":false,"DisableUpgradeMigration":false,"EnableCustomUpgrades":false}`,
      `DELETE /v1/operator/raft/peer?region=eu&id=${dead?.id} `,
    ]);
    expect(nomad.requests.every((r) => r.headers['x-nomad-token'] === NOMAD_TOKEN)).toBe(true);
    expect(nomad.region('eu').servers().map((s) => s.id)).not.toContain(dead?.id);
    expect(nomad.region('eu').autopilotConfig()).toMatchObject({ LastContactThreshold: '1s', MinQuorum: 3, MaxTrailingLogs: 250 });
    expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'], { env })).code).toBe(0);
  });

  it('NOMAD_ADDR and NOMAD_REGION fill in what the provider block leaves out', async () => {
    nomad = await startNomadSimulator({ regions: [{ name: 'global' }, { name: 'ap' }] });
    const synthDir = writeSynthDir([{ name: 'nomad', product: 'nomad', provider: {}, resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 1 } } } }], '');
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env: { NOMAD_ADDR: nomad.url, NOMAD_REGION: 'ap' } });
    expect(plan.code).toBe(0);
    expect(nomad.requests.map((r) => `${r.path}?region=${r.query.region}`)).toEqual(['/v1/operator/autopilot/configuration?region=ap']);
  });

  it('a Nomad token without management rights is denied reading the raft configuration, with what to fix', async () => {
    nomad = await startNomadSimulator({ regions: [{ name: 'eu' }], acl: { enabled: true, tokens: [{ secret: 'client-token-0001', type: 'client', capabilities: ['operator:write'] }] } });
    const synthDir = writeSynthDir([nomadStack(nomad, { opstack_raft_peers_absent: { dead: { peers: [{ id: 'whatever' }] } } })], '');
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env: { NOMAD_TOKEN: 'client-token-0001' } });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('denied GET /v1/operator/raft/configuration (403: Permission denied)');
    expect(plan.stdout).toContain('management token');
    expect(plan.stdout).not.toContain('client-token-0001');
  });

  it('opstack status shows a Nomad region: leader, peers, health', async () => {
    nomad = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    nomad.region('eu').setServerHealth('server-3', { healthy: false });
    const synthDir = writeSynthDir([nomadStack(nomad, {})], '');
    const status = await runCli(['status', '--synth-dir', synthDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Leader: server-1.eu');
    expect(status.stdout).toContain('Autopilot: unhealthy, failure tolerance 0');
    expect(status.stdout).toMatch(/server-3\.eu +\S+ +127\.0\.\d+\.3:4647 +voter +unhealthy/);
    expect(status.stdout).not.toContain('Network areas');
  });
});

describe('raft peer removal guards through the CLI: a refusal names the rule and the numbers, and nothing is removed', () => {
  async function consulWith(servers: number, failed: string[], minQuorum = 0) {
    consul = await startSimulator({ datacenters: [{ name: 'dc1', servers, autopilot: { MinQuorum: minQuorum } }] });
    for (const name of failed) consul.consul('dc1').setServerHealth(name, { healthy: false, serfStatus: 'failed' });
    return consul;
  }
  const peersStack = (sim: Simulator, peers: Record<string, string>[]) => writeSynthDir([{ name: 'dc1', resources: { opstack_raft_peers_absent: { dead: { peers } } } }], sim.address);
  const idOf = (sim: Simulator, name: string) => sim.consul('dc1').servers().find((s) => s.name === name)?.id ?? '';

  it.each([
    ['never the leader', 3, [], 0, 'dc1-server-1', 'never the leader: dc1-server-1'],
    ['quorum among healthy voters', 3, ['dc1-server-3'], 0, 'dc1-server-2', 'quorum: after removing 1, 2 voters would remain of which 1 are healthy, but a quorum of 2 voters needs 2 healthy'],
    ['MinQuorum', 3, ['dc1-server-3'], 3, 'dc1-server-3', 'MinQuorum: after removing 1, 2 voters would remain, below the autopilot MinQuorum of 3'],
    ['unhealthy for another reason', 5, ['dc1-server-4', 'dc1-server-5'], 0, 'dc1-server-5', 'never while the cluster is unhealthy for another reason: dc1-server-4'],
  ])('%s', async (_rule, servers, failed, minQuorum, target, reason) => {
    const sim = await consulWith(servers, failed, minQuorum);
    const result = await runCli(['apply', '--synth-dir', peersStack(sim, [{ id: idOf(sim, target) }]), '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(reason);
    expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(sim.consul('dc1').servers()).toHaveLength(servers);
  });

  it('a dead Consul peer is removed by ID, found by its address', async () => {
    const sim = await consulWith(5, ['dc1-server-5']);
    const dead = sim.consul('dc1').servers().find((s) => s.name === 'dc1-server-5');
    const apply = await runCli(['apply', '--synth-dir', peersStack(sim, [{ address: dead?.address ?? '' }]), '--auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.path}?${new URLSearchParams(r.query)} ${r.status}`)).toEqual([`/v1/operator/raft/peer?dc=dc1&id=${dead?.id} 200`]);
  });

  it('the guards are checked again just before the DELETE', async () => {
    const sim = await consulWith(5, ['dc1-server-5']);
    const synthDir = peersStack(sim, [{ id: idOf(sim, 'dc1-server-5') }]);
    const apply = await runCli(['apply', '--synth-dir', synthDir], {
      // While the operator reads the plan, another server fails.
      answer: () => {
        sim.consul('dc1').setServerHealth('dc1-server-4', { healthy: false, serfStatus: 'failed' });
        return 'yes';
      },
    });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('refusing, just before the DELETE, to remove raft peer dc1-server-5');
    expect(apply.stderr).toContain('dc1-server-4');
    expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
