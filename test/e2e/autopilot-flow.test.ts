import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runBinary, runCli } from '../support/cli.js';
import { startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { tempDir } from '../support/temp-dir.js';

const DECLARED = { cleanup_dead_servers: true, last_contact_threshold: '1s', min_quorum: 3 };
const writes = (sim: Simulator) => withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET');

describe('plan → apply → plan against the simulator (the CLI end to end)', () => {
  let sim: Simulator;
  let synthDir: string;

  beforeEach(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    synthDir = writeSynthDir(
      [
        { name: 'dc1', autopilot: DECLARED },
        { name: 'dc2', autopilot: { min_quorum: 0 } },
      ],
      sim.address,
    );
  });

  it(
    'the binary plans, applies with exactly one PUT ' + 'carrying the live ModifyIndex as cas, then plans nothing',
    async () => {
      const before = await runBinary(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      expect(before.stderr).toBe('');
      expect(before.code).toBe(2);
      expect(before.stdout).toContain('~ last_contact_threshold = "200ms" -> "1s"');
      expect(before.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      expect(writes(sim)).toEqual([]);

      const modifyIndex = sim.consul('dc1').autopilotConfig().ModifyIndex;
      sim.clearRequests();
      const apply = await runBinary(['apply', '--synth-dir', synthDir, '--auto-approve']);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
      const puts = writes(sim);
      expect(puts).toHaveLength(1);
      expect(puts[0]).toMatchObject({
        method: 'PUT',
        path: '/v1/operator/autopilot/configuration',
        query: { dc: 'dc1', cas: String(modifyIndex) },
        status: 200,
      });
      expect(JSON.parse(puts[0]?.body ?? '')).toEqual({
        CleanupDeadServers: true,
        LastContactThreshold: '1s',
        MaxTrailingLogs: 250,
        MinQuorum: 3,
        ServerStabilizationTime: '10s',
        RedundancyZoneTag: '',
        DisableUpgradeMigration: false,
        UpgradeVersionTag: '',
      });
      expect(sim.consul('dc1').autopilotConfig()).toMatchObject({ LastContactThreshold: '1s', MinQuorum: 3 });

      const after = await runBinary(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('No changes. The clusters match the stacks.');
    },
  );

  it('every request names the datacenter with ?dc=', async () => {
    await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(sim.requests.every((r) => r.query.dc === 'dc1' || r.query.dc === 'dc2')).toBe(true);
  });

  it(
    'plan reads one GET of the autopilot configuration per stack, ' +
      'plus autopilot health where MinQuorum changes (risk notes)',
    async () => {
      await runCli(['plan', '--synth-dir', synthDir]);
      expect(sim.requests.map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`).sort()).toEqual([
        'GET /v1/operator/autopilot/configuration?dc=dc1',
        'GET /v1/operator/autopilot/configuration?dc=dc2',
        'GET /v1/operator/autopilot/health?dc=dc1',
      ]);
      await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
      sim.clearRequests();
      await runCli(['plan', '--synth-dir', synthDir]);
      expect(sim.requests.map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`).sort()).toEqual([
        'GET /v1/operator/autopilot/configuration?dc=dc1',
        'GET /v1/operator/autopilot/configuration?dc=dc2',
      ]);
    },
  );

  it(
    'a concurrent change between plan and apply makes CAS ' + 'answer false: apply stops, exit 1, says to plan again',
    async () => {
      const result = await runCli(['apply', '--synth-dir', synthDir], {
        // While the operator reads the plan at the prompt, someone else changes the configuration.
        answer: () => {
          sim.consul('dc1').setAutopilotConfig({ MaxTrailingLogs: 999 });
          return 'yes';
        },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('changed after opstack read it');
      expect(result.stderr).toContain('Run `opstack plan` again');
      expect(result.stderr).toContain('Step that failed:');
      expect(writes(sim)).toHaveLength(1);
      expect(sim.consul('dc1').autopilotConfig()).toMatchObject({
        MaxTrailingLogs: 999,
        MinQuorum: 0,
        LastContactThreshold: '200ms',
      });
    },
  );

  it(
    'a stale saved plan shows what moved: the declared ' + 'attributes as the plan saw them and as they are now',
    async () => {
      const planFile = join(tempDir('plan'), 'plan.json');
      expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile])).code).toBe(0);
      sim.consul('dc1').setAutopilotConfig({ MinQuorum: 2, LastContactThreshold: '5s' });
      sim.consul('dc2').setAutopilotConfig({ MaxTrailingLogs: 300 });
      sim.clearRequests();
      const stale = await runCli(['apply', planFile, '--synth-dir', synthDir]);
      expect(stale.code).toBe(1);
      const dc1 = [
        'dc1/consul_autopilot_config.autopilot: as the plan saw it (-) and as it is now (+):',
        ' {',
        '-  last_contact_threshold: "200ms"',
        '+  last_contact_threshold: "5s"',
        '-  min_quorum: 0',
        '+  min_quorum: 2',
        ' }',
      ];
      expect(stale.stderr).toContain(dc1.join('\n'));
      // dc2 declares only min_quorum, which did not move: the diff says the change was elsewhere.
      const dc2 = 'dc2/consul_autopilot_config.autopilot: as the plan saw it (-) and as it is now (+):\n';
      const unmoved = ' (the attributes the stack declares are as the plan saw them; something else changed)';
      expect(stale.stderr).toContain(dc2 + unmoved);
      expect(writes(sim)).toEqual([]);
    },
  );

  it('a saved plan applies exactly as saved, and is refused once stale', async () => {
    const planFile = join(tempDir('plan'), 'plan.json');
    const saved = await runCli(['plan', '--synth-dir', synthDir, '--out', planFile]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain(`opstack apply ${planFile}`);

    sim.consul('dc2').setAutopilotConfig({ MaxTrailingLogs: 300 });
    sim.clearRequests();
    const stale = await runCli(['apply', planFile, '--synth-dir', synthDir]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Saved plan is stale');
    expect(stale.stderr).toContain('dc2/consul_autopilot_config.autopilot');
    expect(writes(sim)).toEqual([]);

    const fresh = await runCli(['plan', '--synth-dir', synthDir, '--out', planFile]);
    expect(fresh.code).toBe(0);
    sim.clearRequests();
    const applied = await runCli(['apply', planFile, '--synth-dir', synthDir]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(writes(sim).map((r) => `${r.method} ${r.path} dc=${r.query.dc} cas=${r.query.cas}`)).toEqual([
      `PUT /v1/operator/autopilot/configuration dc=dc1 ` +
        `cas=${JSON.parse(readFileSync(planFile, 'utf8')).steps[0].query.cas}`,
    ]);
  });

  it('without a terminal, apply refuses unless --auto-approve, and changes nothing', async () => {
    const result = await runCli(['apply', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
    expect(writes(sim)).toEqual([]);
  });

  it('a person who does not answer "yes" cancels the apply', async () => {
    const result = await runCli(['apply', '--synth-dir', synthDir], { answer: () => 'no' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Apply cancelled');
    expect(writes(sim)).toEqual([]);
  });

  it("drift exits 0 when in sync and 2 after a change behind opstack's back, and never writes", async () => {
    await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    sim.clearRequests();
    expect((await runCli(['drift', '--synth-dir', synthDir])).code).toBe(0);
    sim.consul('dc1').setAutopilotConfig({ LastContactThreshold: '5s' });
    const drift = await runCli(['drift', '--synth-dir', synthDir]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('~ last_contact_threshold = "5s" -> "1s"');
    expect(drift.stdout).toContain('Drift: 1 resource differs from its stack.');
    expect(writes(sim)).toEqual([]);
  });

  it('plan --json prints the versioned document; --markdown a pull-request comment', async () => {
    const json = JSON.parse((await runCli(['plan', '--synth-dir', synthDir, '--json'])).stdout);
    expect(json).toMatchObject({
      format_version: '2.0',
      kind: 'plan',
      has_changes: true,
      summary: { add: 0, change: 1, destroy: 0 },
    });
    expect(json.resource_changes.map((c: { address: string; action: string }) => [c.address, c.action])).toEqual([
      ['dc1/consul_autopilot_config.autopilot', 'update'],
      ['dc2/consul_autopilot_config.autopilot', 'no-op'],
    ]);
    const markdown = (await runCli(['plan', '--synth-dir', synthDir, '--markdown'])).stdout;
    expect(markdown).toContain('| dc1 | Consul datacenter "dc1" at');
    expect(markdown).toContain('<details><summary><b>dc1</b>: 1 to change</summary>');
  });

  it('plan [stacks..] plans only the named stacks, and names an unknown one', async () => {
    await runCli(['plan', 'dc2', '--synth-dir', synthDir]);
    expect(sim.requests.map((r) => r.query.dc)).toEqual(['dc2']);
    const unknown = await runCli(['plan', 'dc9', '--synth-dir', synthDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No stack named "dc9"');
  });
});
