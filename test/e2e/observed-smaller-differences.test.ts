// opstack against the simulators as they follow observed-real-servers.md "Smaller differences":
// each difference a real server showed, and that plan, apply and status still do the right thing.
import { describe, expect, it } from 'vitest';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const nomadStack = (sim: NomadSimulator, resources: Record<string, Record<string, Record<string, unknown>>>) =>
  writeSynthDir([{ name: 'nomad-eu', product: 'nomad', provider: { address: sim.url, region: 'eu' }, resources }], '');

const calls = (requests: NomadSimulator['requests']) =>
  withoutLockCalls(requests).map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} ${r.status}`);

describe('Nomad writes every struct with its keys sorted (observed "Smaller differences")', () => {
  it('status reads them: leader, every peer with its role, health and last contact', async () => {
    const sim = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    sim.region('eu').setServerHealth('server-3', { healthy: false });
    const [s1, s2, s3] = sim.region('eu').servers();
    const status = await runCli(['status', '--synth-dir', nomadStack(sim, {})]);
    expect([status.code, status.stderr]).toEqual([0, '']);
    expect(status.stdout).toContain(
      '  Leader: server-1.eu\n  Autopilot: unhealthy, failure tolerance 0\n  Raft peers (3):\n' +
        '    NAME         ID                                    ADDRESS         ROLE    HEALTH     SERF' +
        '   LAST CONTACT\n' +
        `    server-1.eu  ${s1!.id}  127.0.0.1:4647  leader  healthy    alive  0s\n` +
        `    server-2.eu  ${s2!.id}  127.0.0.2:4647  voter   healthy    alive  10ms\n` +
        `    server-3.eu  ${s3!.id}  127.0.0.3:4647  voter   unhealthy  alive  1m0s\n`,
    );
    expect(calls(sim.requests)).toEqual([
      'GET /v1/operator/raft/configuration?region=eu 200',
      'GET /v1/operator/autopilot/health?region=eu 429',
    ]);
  });

  it('plan → apply → plan converges for autopilot and scheduler settings read in that order', async () => {
    const sim = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    const synthDir = nomadStack(sim, {
      opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } },
      nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } },
    });
    const plan = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
    expect([plan.code, plan.stderr]).toEqual([2, '']);
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    sim.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect([apply.code, apply.stderr]).toEqual([0, '']);
    expect(calls(sim.requests)).toEqual([
      'GET /v1/operator/scheduler/configuration?region=eu 200',
      'GET /v1/operator/autopilot/configuration?region=eu 200',
      'GET /v1/operator/autopilot/health?region=eu 200',
      'PUT /v1/operator/scheduler/configuration?region=eu&cas=4 200',
      'PUT /v1/operator/autopilot/configuration?region=eu&cas=3 200',
      'GET /v1/operator/scheduler/configuration?region=eu 200',
      'GET /v1/operator/autopilot/configuration?region=eu 200',
    ]);
    // The complete object goes back (Nomad zero-fills what a PUT leaves out), in the order it was read.
    expect(sim.requests.find((r) => r.method === 'PUT' && r.path.includes('scheduler'))?.body).toBe(
      '{"MemoryOversubscriptionEnabled":false,"NodeLimitForFeasibilityChecks":0,"PauseEvalBroker":false,' +
        '"PreemptionConfig":{"BatchSchedulerEnabled":false,"ServiceSchedulerEnabled":false,' +
        '"SysBatchSchedulerEnabled":false,"SystemSchedulerEnabled":true},"RejectJobRegistration":false,' +
        '"SchedulerAlgorithm":"spread"}',
    );
    expect(sim.region('eu').autopilotConfig().MinQuorum).toBe(3);
    expect(sim.region('eu').schedulerConfig().SchedulerAlgorithm).toBe('spread');
    const again = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
    expect([again.code, again.stderr]).toEqual([0, '']);
  });
});
