import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { startNomadSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { tempDir } from '../support/temp-dir.js';

const SCHEDULER = '/v1/operator/scheduler/configuration';
const DECLARED = {
  scheduler_algorithm: 'spread',
  memory_oversubscription_enabled: true,
  preemption_config: { service_scheduler_enabled: true },
};

const writes = (sim: NomadSimulator) => withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET');
const calls = (sim: NomadSimulator) =>
  withoutLockCalls(sim.requests).map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`);

describe('nomad_scheduler_config through the CLI (nomad-operator-api.md §3.6)', () => {
  let sim: NomadSimulator;
  const synth = (attributes: Record<string, unknown>, region = 'eu') =>
    writeSynthDir(
      [
        {
          name: 'nomad-eu',
          product: 'nomad',
          provider: { address: sim.url, region },
          resources: { nomad_scheduler_config: { scheduler: attributes } },
        },
      ],
      '',
    );

  beforeEach(async () => {
    sim = await startNomadSimulator({ regions: [{ name: 'eu' }] });
  });

  it(
    'plans the declared attributes, applies one PUT of ' + 'the complete object with ?cas=, then plans nothing',
    async () => {
      sim.region('eu').setSchedulerConfig({ NodeLimitForFeasibilityChecks: 250, RejectJobRegistration: true });
      const synthDir = synth(DECLARED);
      const plan = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain(
        '# nomad_scheduler_config.scheduler will be updated in-place  (nomad-eu/scheduler)',
      );
      expect(plan.stdout).toContain('~ memory_oversubscription_enabled             = false -> true');
      expect(plan.stdout).toContain('~ preemption_config.service_scheduler_enabled = false -> true');
      expect(plan.stdout).toContain('~ scheduler_algorithm                         = "binpack" -> "spread"');
      const modifyIndex = sim.region('eu').schedulerConfig().ModifyIndex;
      expect(plan.stdout).toContain(
        `1. PUT ${SCHEDULER}?region=eu&cas=${modifyIndex}  (update the Nomad scheduler configuration)`,
      );
      expect(writes(sim)).toEqual([]);

      sim.clearRequests();
      const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(calls(sim)).toEqual([
        `GET ${SCHEDULER}?region=eu`,
        `PUT ${SCHEDULER}?region=eu&cas=${modifyIndex}`,
        `GET ${SCHEDULER}?region=eu`,
      ]);
      // Undeclared fields go back as they were: Nomad zero-fills what a PUT leaves out.
      expect(JSON.parse(writes(sim)[0]?.body ?? '')).toEqual({
        SchedulerAlgorithm: 'spread',
        PreemptionConfig: {
          SystemSchedulerEnabled: true,
          SysBatchSchedulerEnabled: false,
          BatchSchedulerEnabled: false,
          ServiceSchedulerEnabled: true,
        },
        MemoryOversubscriptionEnabled: true,
        RejectJobRegistration: true,
        PauseEvalBroker: false,
        NodeLimitForFeasibilityChecks: 250,
      });
      expect(sim.region('eu').schedulerConfig()).toMatchObject({
        SchedulerAlgorithm: 'spread',
        RejectJobRegistration: true,
        NodeLimitForFeasibilityChecks: 250,
      });
      expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'])).code).toBe(0);
    },
  );

  it(
    'a change between plan and apply makes Nomad answer ' + 'Updated:false: apply stops, exit 1, says to plan again',
    async () => {
      const synthDir = synth(DECLARED);
      const result = await runCli(['apply', '--synth-dir', synthDir], {
        answer: () => {
          sim.region('eu').setSchedulerConfig({ PauseEvalBroker: true });
          return 'yes';
        },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('eu/nomad_scheduler_config.scheduler: the object changed after opstack read it');
      expect(result.stderr).toContain('Run `opstack plan` again');
      expect(writes(sim)).toHaveLength(1);
      expect(sim.region('eu').schedulerConfig()).toMatchObject({
        SchedulerAlgorithm: 'binpack',
        PauseEvalBroker: true,
      });
      const again = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
      expect(again.code).toBe(0);
      expect(sim.region('eu').schedulerConfig()).toMatchObject({ SchedulerAlgorithm: 'spread', PauseEvalBroker: true });
    },
  );

  it('a saved plan is refused once the configuration moved (its ModifyIndex is recorded)', async () => {
    const synthDir = synth(DECLARED);
    const planFile = join(tempDir('scheduler-plan'), 'plan.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile])).code).toBe(0);
    sim.region('eu').setSchedulerConfig({ RejectJobRegistration: true });
    sim.clearRequests();
    const stale = await runCli(['apply', planFile, '--synth-dir', synthDir]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Saved plan is stale');
    expect(stale.stderr).toContain(
      'eu/nomad_scheduler_config.scheduler (modify-index:4 at plan time, modify-index:6 now)',
    );
    expect(writes(sim)).toEqual([]);
  });

  it("drift exits 2 after a change behind opstack's back and never writes", async () => {
    const synthDir = synth(DECLARED);
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'])).code).toBe(0);
    expect((await runCli(['drift', '--synth-dir', synthDir])).code).toBe(0);
    sim
      .region('eu')
      .setSchedulerConfig({ SchedulerAlgorithm: 'binpack', PreemptionConfig: { ServiceSchedulerEnabled: false } });
    sim.clearRequests();
    const drift = await runCli(['drift', '--synth-dir', synthDir]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('~ scheduler_algorithm                         = "binpack" -> "spread"');
    expect(drift.stdout).toContain('~ preemption_config.service_scheduler_enabled = false -> true');
    expect(writes(sim)).toEqual([]);
  });

  it('an invalid declaration is refused before any request', async () => {
    const result = await runCli([
      'plan',
      '--synth-dir',
      synth({ scheduler_algorithm: 'random', preemption_config: { gpu: true } }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('scheduler_algorithm: expected one of "binpack", "spread", got "random".');
    expect(result.stderr).toContain('Unknown attribute "gpu" on nomad_scheduler_config.preemption_config.');
    expect(sim.requests).toEqual([]);
  });

  it('§5 an attribute the server version lacks is refused at plan time, and nothing is written', async () => {
    await sim.close();
    sim = await startNomadSimulator({ regions: [{ name: 'eu', schedulerFieldsAbsent: ['PauseEvalBroker'] }] });
    const result = await runCli(['apply', '--synth-dir', synth({ pause_eval_broker: true }), '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('do not report pause_eval_broker (PauseEvalBroker)');
    expect(writes(sim)).toEqual([]);
  });
});
