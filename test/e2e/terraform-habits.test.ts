import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { isLockCall, withoutLockCalls } from '../support/lock-calls.js';
import { tempDir } from '../support/temp-dir.js';

const writes = (sim: Simulator) =>
  withoutLockCalls(sim.requests)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path} dc=${r.query.dc}`);
const reads = (sim: Simulator) =>
  withoutLockCalls(sim.requests)
    .filter((r) => r.method === 'GET')
    .map((r) => `${r.path} dc=${r.query.dc}`);

describe('Terraform habits: --stack, one-dash options, -input=false, OPSTACK_IN_AUTOMATION', () => {
  let sim: Simulator;
  let synthDir: string;
  const scratch = tempDir('habits');
  beforeEach(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    synthDir = writeSynthDir(
      [
        { name: 'dc1', autopilot: { min_quorum: 3 } },
        { name: 'dc2', autopilot: { min_quorum: 5 } },
      ],
      sim.address,
    );
  });

  it('apply --stack dc2 -auto-approve plans, shows and changes dc2 only', async () => {
    const result = await runCli(['apply', '--synth-dir', synthDir, '--stack', 'dc2', '-auto-approve']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stack dc2:');
    expect(result.stdout).not.toContain('Stack dc1');
    expect(writes(sim)).toEqual([expect.stringMatching(/^PUT \/v1\/operator\/autopilot\/configuration dc=dc2$/)]);
    expect(reads(sim).every((r) => r.endsWith('dc=dc2'))).toBe(true);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(0);
    expect(sim.consul('dc2').autopilotConfig().MinQuorum).toBe(5);
  });

  // yargs alone read `--lock=<anything but true>` as false: a typo switched the apply lock off.
  it.each(['maybe', 'ture', 'yes', ''])(
    '-lock=%j is refused before any request (Go flags refuse it too)',
    async (v) => {
      const result = await runCli(['apply', '--synth-dir', synthDir, '-auto-approve', `-lock=${v}`]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Error: --lock=${JSON.stringify(v)} is not a boolean. Use --lock, --lock=false or --no-lock.\n` +
          '  Run `opstack apply --help` for the usage.\n',
      );
      expect(sim.requests).toEqual([]);
    },
  );

  it.each([
    ['-lock=1', true],
    ['-lock=TRUE', true],
    ['-lock=t', true],
    ['-lock=0', false],
    ['-lock=False', false],
  ])('%s is read as Go reads it: lock %s', async (flag, locked) => {
    const result = await runCli(['apply', '--synth-dir', synthDir, '-auto-approve=T', flag]);
    expect(result.code).toBe(0);
    expect(sim.requests.some((r) => isLockCall(r))).toBe(locked);
    expect(writes(sim)).toHaveLength(2);
  });

  it('-detailed-exitcode=1 asks for the detailed exit code, as in Terraform', async () => {
    expect((await runCli(['plan', '--synth-dir', synthDir, '-detailed-exitcode=1'])).code).toBe(2);
  });

  it('--stack repeats, on plan, drift and status alike', async () => {
    for (const command of ['plan', 'drift', 'status']) {
      sim.clearRequests();
      const result = await runCli([command, '--synth-dir', synthDir, '--stack', 'dc1', '--stack', 'dc2', '--json']);
      // The plan document names a stack `name`, the status document `stack`.
      expect(JSON.parse(result.stdout).stacks.map((s: { name?: string; stack?: string }) => s.name ?? s.stack)).toEqual(
        ['dc1', 'dc2'],
      );
      sim.clearRequests();
      const one = await runCli([command, '--synth-dir', synthDir, '--stack', 'dc1']);
      expect(one.stdout).not.toContain('dc2');
      expect(sim.requests.every((r) => r.query.dc === 'dc1')).toBe(true);
    }
  });

  it('a --stack that names no stack is an error before any request', async () => {
    const result = await runCli(['apply', '--synth-dir', synthDir, '--stack', 'fra1', '-auto-approve']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: No stack named "fra1".\n  Stacks in this app: dc1, dc2.\n',
    });
    expect(sim.requests).toEqual([]);
  });

  it('`apply fra1` is not taken for a plan file: it says how to target a stack, and nothing is read', async () => {
    const result = await runCli(['apply', 'fra1', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: There is no plan file "fra1". Nothing was changed.\n' +
        '  To plan and apply one stack, use `opstack apply --stack fra1`; ' +
        'to apply a saved plan, give the file `opstack plan --out` wrote.\n',
    );
    expect(sim.requests).toEqual([]);
  });

  it('a saved plan cannot be narrowed with --stack', async () => {
    const file = join(scratch, 'narrow.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, `-out=${file}`])).code).toBe(0);
    sim.clearRequests();
    const result = await runCli(['apply', file, '--stack', 'dc1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A saved plan is applied as saved: --stack cannot narrow it. Nothing was changed.');
    expect(sim.requests).toEqual([]);
  });

  it('plan takes -out=FILE -detailed-exitcode -no-color -json as Terraform spells them', async () => {
    const file = join(scratch, 'plan.json');
    const result = await runCli(
      ['plan', '--synth-dir', synthDir, `-out=${file}`, '-detailed-exitcode', '-no-color', '-json'],
      { tty: true },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('\u001b[');
    const document = JSON.parse(result.stdout);
    expect(document.stacks.map((s: { name: string }) => s.name)).toEqual(['dc1', 'dc2']);
    expect(JSON.parse(readFileSync(file, 'utf8')).resource_changes).toEqual(document.resource_changes);
    expect(writes(sim)).toEqual([]);
  });

  it.each([['-input=false'], ['--input=false']])(
    '%s makes apply refuse instead of asking, even on a terminal',
    async (flag) => {
      let asked = false;
      const result = await runCli(['apply', '--synth-dir', synthDir, flag], {
        answer: () => {
          asked = true;
          return 'yes';
        },
      });
      expect(asked).toBe(false);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'Error: Refusing to apply without confirmation: -input=false forbids asking. ' +
          'Nothing was changed.\n  Pass -auto-approve, or apply a reviewed plan file.\n',
      );
      expect(writes(sim)).toEqual([]);
    },
  );

  it('OPSTACK_IN_AUTOMATION leaves out the "run this next" hints', async () => {
    const file = join(scratch, 'ci.json');
    const hinted = await runCli(['plan', '--synth-dir', synthDir, '--out', file]);
    expect(hinted.stdout).toContain(`Saved the plan to ${file}. Apply exactly this plan with: opstack apply ${file}\n`);
    const ci = await runCli(['plan', '--synth-dir', synthDir, '--out', file], { env: { OPSTACK_IN_AUTOMATION: '1' } });
    expect(ci.stdout.endsWith(`\nSaved the plan to ${file}.\n`)).toBe(true);

    expect((await runCli(['drift', '--synth-dir', synthDir])).stdout).toContain(
      'Drift: 2 resources differ from their stacks. Review with `opstack plan`; correct with `opstack apply`.',
    );
    const drift = await runCli(['drift', '--synth-dir', synthDir], { env: { OPSTACK_IN_AUTOMATION: 'true' } });
    expect(drift.code).toBe(2);
    expect(drift.stdout.endsWith('Drift: 2 resources differ from their stacks.\n')).toBe(true);
  });

  it('`-version` and `-help` work with one dash too', async () => {
    expect((await runCli(['-version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runCli(['plan', '-help'])).stdout).toContain('--stack');
  });
});
