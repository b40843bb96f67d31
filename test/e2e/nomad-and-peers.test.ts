import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { type NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';

let consul: Simulator | undefined;
let nomad: NomadSimulator | undefined;

const NOMAD_TOKEN = '6f4c1d2e-0000-4000-8000-management01';

function nomadStack(sim: NomadSimulator, resources: FixtureStack['resources']): FixtureStack {
  return { name: 'nomad-eu', product: 'nomad', provider: { address: sim.url, region: 'eu' }, resources };
}

const writesTo = (requests: readonly { method: string; path: string; query: Record<string, string>; body: string }[]) =>
  requests
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} ${r.body}`);

describe('Consul and Nomad stacks in one run', () => {
  it(
    'plans and applies both: Consul autopilot, Nomad autopilot (complete ' +
      'object, CAS, ?region=, X-Nomad-Token) and a dead Nomad peer',
    async () => {
      consul = await startSimulator();
      nomad = await startNomadSimulator({
        regions: [{ name: 'eu', servers: 5 }],
        acl: { enabled: true, tokens: [{ secret: NOMAD_TOKEN, type: 'management' }] },
      });
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
      expect(writesTo(withoutLockCalls(consul.requests))).toHaveLength(1);
      expect(writesTo(withoutLockCalls(nomad.requests))).toEqual([
        `PUT /v1/operator/autopilot/configuration?region=eu&cas=${nomadModifyIndex} {"CleanupDeadServers":true,` +
          `"LastContactThreshold":"1s","MaxTrailingLogs":250,"MinQuorum":3,"ServerStabilizationTime":"10s",` +
          `"EnableRedundancyZones":false,"DisableUpgradeMigration":false,"EnableCustomUpgrades":false}`,
        `DELETE /v1/operator/raft/peer?region=eu&id=${dead?.id} `,
      ]);
      expect(nomad.requests.every((r) => r.headers['x-nomad-token'] === NOMAD_TOKEN)).toBe(true);
      expect(
        nomad
          .region('eu')
          .servers()
          .map((s) => s.id),
      ).not.toContain(dead?.id);
      expect(nomad.region('eu').autopilotConfig()).toMatchObject({
        LastContactThreshold: '1s',
        MinQuorum: 3,
        MaxTrailingLogs: 250,
      });
      expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'], { env })).code).toBe(0);
    },
  );

  it('NOMAD_ADDR and NOMAD_REGION fill in what the provider block leaves out', async () => {
    nomad = await startNomadSimulator({ regions: [{ name: 'global' }, { name: 'ap' }] });
    const synthDir = writeSynthDir(
      [
        {
          name: 'nomad',
          product: 'nomad',
          provider: {},
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 1 } } },
        },
      ],
      '',
    );
    const plan = await runCli(['plan', '--synth-dir', synthDir], {
      env: { NOMAD_ADDR: nomad.url, NOMAD_REGION: 'ap' },
    });
    expect(plan.code).toBe(0);
    expect(nomad.requests.map((r) => `${r.path}?region=${r.query.region}`)).toEqual([
      '/v1/operator/autopilot/configuration?region=ap',
      '/v1/operator/autopilot/health?region=ap', // MinQuorum changes: health, for the risk notes
    ]);
  });

  it('a Nomad token without management rights is denied reading the raft configuration, with what to fix', async () => {
    nomad = await startNomadSimulator({
      regions: [{ name: 'eu' }],
      acl: {
        enabled: true,
        tokens: [{ secret: 'client-token-0001', type: 'client', capabilities: ['operator:write'] }],
      },
    });
    const synthDir = writeSynthDir(
      [
        nomadStack(nomad, {
          opstack_raft_peers_absent: { dead: { peers: [{ id: '0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' }] } },
        }),
      ],
      '',
    );
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env: { NOMAD_TOKEN: 'client-token-0001' } });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('denied GET /v1/operator/raft/configuration (403: Permission denied)');
    expect(plan.stderr).toContain('management token');
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
