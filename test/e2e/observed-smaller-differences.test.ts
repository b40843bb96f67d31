// opstack against the simulators as they follow observed-real-servers.md "Smaller differences":
// each difference a real server showed, and that plan, apply and status still do the right thing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGoTime, localOffsetMinutes } from '../../src/sim/go-time.js';
import type { Simulator } from '../../src/sim/index.js';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const nomadStack = (sim: NomadSimulator, resources: Record<string, Record<string, Record<string, unknown>>>) =>
  writeSynthDir([{ name: 'nomad-eu', product: 'nomad', provider: { address: sim.url, region: 'eu' }, resources }], '');

const calls = (requests: Simulator['requests']) =>
  withoutLockCalls(requests).map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} ${r.status}`);

describe('Nomad writes every struct with its keys sorted (observed "Smaller differences")', () => {
  it('status reads them: leader, every peer with its role, health and last contact', async () => {
    const sim = await startNomadSimulator({ regions: [{ name: 'eu' }], followerContact: 'fixed' });
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
    expect(calls(sim.requests).sort()).toEqual([
      'GET /v1/operator/autopilot/health?region=eu 429', // status reads both at once: sorted here
      'GET /v1/operator/raft/configuration?region=eu 200',
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
    const applied = calls(sim.requests);
    expect(applied.filter((c) => !c.startsWith('GET '))).toEqual([
      'PUT /v1/operator/scheduler/configuration?region=eu&cas=4 200',
      'PUT /v1/operator/autopilot/configuration?region=eu&cas=3 200',
    ]);
    // The resources are read concurrently: these reads, in any order.
    expect(applied.filter((c) => c.startsWith('GET ')).sort()).toEqual([
      'GET /v1/operator/autopilot/configuration?region=eu 200',
      'GET /v1/operator/autopilot/configuration?region=eu 200',
      'GET /v1/operator/autopilot/health?region=eu 200',
      'GET /v1/operator/scheduler/configuration?region=eu 200',
      'GET /v1/operator/scheduler/configuration?region=eu 200',
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

/** The rows of one table in `opstack status` output whose first column is a server name. */
const rows = (stdout: string, header: string): string[][] => {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(header));
  const end = lines.findIndex((l, i) => i > start && !/^ {4}dc1-server-/.test(l));
  return lines.slice(start + 1, end).map((l) => l.trim().split(/ {2,}/));
};

describe('Consul as real servers answer: LastContact varies, StableSince has nanoseconds, Meta varies', () => {
  /** 2026-12-01T12:31:31.742382203Z */
  const NOW_NS = 1_796_128_291_742_382_203n;
  const consul = () =>
    startSimulator({
      wallClockNs: () => NOW_NS,
      datacenters: [
        {
          name: 'dc1',
          servers: [{ name: 'dc1-server-1' }, { name: 'dc1-server-2', nodeMeta: null }, { name: 'dc1-server-3' }],
        },
      ],
    });

  it('status shows what each read answered: a new LastContact per run, StableSince to the nanosecond', async () => {
    const sim = await consul();
    const synthDir = writeSynthDir([{ name: 'dc1' }], sim.address);
    const [first, second] = [
      await runCli(['status', '--synth-dir', synthDir]),
      await runCli(['status', '--synth-dir', synthDir]),
    ];
    for (const run of [first, second]) expect([run.code, run.stderr]).toEqual([0, '']);
    const contacts = (stdout: string) => rows(stdout, 'NAME  ').map((r) => r[6]);
    for (const run of [first, second]) {
      const [leader, ...followers] = contacts(run.stdout);
      expect(leader).toBe('0s');
      for (const c of followers) expect(c).toMatch(/^\d{1,2}(\.\d{1,6})?ms$/);
      expect(rows(run.stdout, 'NAME  ').map((r) => r[4])).toEqual(['healthy', 'healthy', 'healthy']);
    }
    expect(contacts(second.stdout)).not.toEqual(contacts(first.stdout));
    const since = formatGoTime(NOW_NS, localOffsetMinutes(NOW_NS)); // e.g. 2026-12-01T12:31:31.742382203Z
    expect(rows(first.stdout, 'NAME          STATUS').map((r) => r.at(-1))).toEqual([since, since, since]);
    expect(calls(sim.requests).sort()).toEqual(
      [1, 2]
        .flatMap(() => [
          'GET /v1/operator/area?dc=dc1 404',
          'GET /v1/operator/autopilot/health?dc=dc1 200',
          'GET /v1/operator/autopilot/state?dc=dc1 200',
          'GET /v1/operator/raft/configuration?dc=dc1 200',
        ])
        .sort(),
    );
  });

  it("a saved plan is not stale because followers' LastContact moved between plan and apply", async () => {
    const sim = await consul();
    sim.consul('dc1').killServer('dc1-server-3');
    const dead = sim.consul('dc1').servers()[2]!;
    const synthDir = writeSynthDir(
      [
        {
          name: 'dc1',
          autopilot: { min_quorum: 2 },
          resources: { opstack_raft_peers_absent: { dead: { peers: [{ id: dead.id }] } } },
        },
      ],
      sim.address,
    );
    const file = join(tempDir('saved-plan'), 'plan.json');
    const plan = await runCli(['plan', '--synth-dir', synthDir, '--out', file]);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    sim.clearRequests();
    const apply = await runCli(['apply', file, '--synth-dir', synthDir]);
    expect([apply.code, apply.stderr]).toEqual([0, '']);
    expect(
      withoutLockCalls(sim.requests)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['PUT /v1/operator/autopilot/configuration', 'DELETE /v1/operator/raft/peer']);
    expect(
      sim
        .consul('dc1')
        .servers()
        .map((s) => s.name),
    ).toEqual(['dc1-server-1', 'dc1-server-2']);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(2);
  });
});

describe('consul agent -dev: every JSON answer indented (observed "Smaller differences")', () => {
  it('plan → apply → plan converges and status reads it, the same requests as against a non-dev agent', async () => {
    const run = async (devMode: boolean) => {
      const sim = await startSimulator({ devMode, followerContact: 'fixed' });
      const synthDir = writeSynthDir(
        [{ name: 'dc1', autopilot: { min_quorum: 3, max_trailing_logs: 500 } }],
        sim.address,
      );
      const plan = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
      const again = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      const status = await runCli(['status', '--synth-dir', synthDir]);
      const port = (text: string) =>
        text.replaceAll(sim.address, '127.0.0.1:PORT').replace(/\d{4}-[\d-]+T[\d:.]+(Z|[+-][\d:]+)/g, '<t>');
      return {
        codes: [plan.code, apply.code, again.code, status.code],
        stderr: [plan.stderr, apply.stderr, again.stderr, status.stderr],
        plan: port(plan.stdout),
        status: port(status.stdout),
        config: sim.consul('dc1').autopilotConfig(),
        calls: calls(sim.requests).sort(), // status reads concurrently: same calls, any order
        // What opstack was reading: indented in -dev (the test would prove nothing otherwise).
        indented: (await (await fetch(`${sim.url}/v1/operator/autopilot/configuration`)).text()).includes('\n    '),
      };
    };
    const dev = await run(true);
    expect(dev.codes).toEqual([2, 0, 0, 0]);
    expect(dev.stderr).toEqual(['', '', '', '']);
    expect(dev.config).toMatchObject({ MinQuorum: 3, MaxTrailingLogs: 500 });
    const plain = await run(false);
    expect([dev.indented, plain.indented]).toEqual([true, false]);
    expect(dev).toEqual({ ...plain, indented: true });
  });
});
