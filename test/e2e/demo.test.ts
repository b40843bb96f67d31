// `npm run demo` (src/demo/run-demo.ts) shows the whole loop, including a Nomad scheduler change
// and a Nomad gossip key rotation (issue 13), with the writes the simulators saw.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR, runProcess } from '../support/cli.js';

let demo: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  demo = await runProcess(process.execPath, [join(PROJECT_DIR, 'dist', 'src', 'cli', 'run-demo.js')], PROJECT_DIR, {
    PATH: process.env.PATH,
  });
}, 180_000);

/** The text between two demo headings. */
const section = (from: string, to: string) => demo.stdout.slice(demo.stdout.indexOf(from), demo.stdout.indexOf(to));

describe('npm run demo', () => {
  it('runs to the end without errors', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
  });

  it('plans the scheduler change and a gated Nomad key rotation', () => {
    const plan = section('== 2. Plan', '== 3. Apply');
    expect(plan).toContain('~ scheduler_algorithm');
    expect(plan).toMatch(/"binpack" -> "spread"/);
    expect(plan).toMatch(
      /PUT \/v1\/agent\/keyring\/install\?region=eu +\(install gossip key sha256:\w{8} \(env:NOMAD_GOSSIP_KEY\)\)/,
    );
    expect(plan).toContain('WAIT (polls GET /v1/agent/keyring/list)');
    expect(plan).toMatch(/PUT \/v1\/agent\/keyring\/remove\?region=eu .*\(not declared in the stack\)/);
  });

  it('applies them: the scheduler PUT with ?cas= and install → use → remove, in that order', () => {
    const writes = section('The simulators saw these writes', '== 4. Plan again')
      .split('\n')
      .filter((line) => /scheduler|agent\/keyring/.test(line))
      .map((line) => line.trim().replace(/cas=\d+/, 'cas=N'));
    expect(writes).toEqual([
      'PUT /v1/operator/scheduler/configuration?region=eu&cas=N → 200',
      'PUT /v1/agent/keyring/install?region=eu → 200',
      'PUT /v1/agent/keyring/use?region=eu → 200',
      'PUT /v1/agent/keyring/remove?region=eu → 200',
    ]);
    expect(section('== 4. Plan again', '== 5.')).toContain('No changes. The clusters match the stacks.');
  });

  it('the drift check finds the scheduler algorithm changed out of band', () => {
    const drift = section('== 6. The nightly drift check', '== 7. Status');
    expect(drift).toContain('# nomad_scheduler_config.scheduler has drifted from the stack  (nomad-eu/scheduler)');
    expect(drift).toContain('~ scheduler_algorithm = "binpack" -> "spread"');
  });

  it('status shows Consul autopilot state', () => {
    expect(section('== 7. Status', '== Done')).toContain(
      'Autopilot state: healthy, failure tolerance 1 (optimistic 1)',
    );
  });
});
