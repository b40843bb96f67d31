import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { CONSUL_LOCK_PERMISSIONS } from '../support/lock-calls.js';
import { tempDir } from '../support/temp-dir.js';

const TOKEN = 'c0ffee00-dead-beef-0123-456789abcdef';
const READ_ONLY = 'feedface-0000-1111-2222-333344445555';

/** Every form a leaked token could take in output. */
function leakForms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')];
}

describe('tokens never appear in stdout, stderr, plan files or JSON', () => {
  let sim: Simulator;
  let synthDir: string;
  const outputs: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      acl: {
        enabled: true,
        tokens: [
          { secret: TOKEN, permissions: ['operator:write', ...CONSUL_LOCK_PERMISSIONS] },
          { secret: READ_ONLY, permissions: ['operator:read', ...CONSUL_LOCK_PERMISSIONS] },
        ],
      },
    });
    synthDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    const tokenFile = join(tempDir('token'), 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const planFile = join(tempDir('plan'), 'plan.json');
    const runs = [
      await runCli(['plan', '--synth-dir', synthDir, '--out', planFile], { env: { CONSUL_HTTP_TOKEN_FILE: tokenFile } }),
      await runCli(['plan', '--synth-dir', synthDir, '--json'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['plan', '--synth-dir', synthDir, '--markdown'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'], { env: { CONSUL_HTTP_TOKEN: READ_ONLY } }),
      await runCli(['plan', '--synth-dir', synthDir], { env: { CONSUL_HTTP_TOKEN: `${TOKEN}-wrong` } }),
      await runCli(['apply', planFile, '--synth-dir', synthDir], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['drift', '--synth-dir', synthDir, '--json'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
    ];
    outputs.push(...runs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(planFile, 'utf8'));
  });
  afterAll(() => sim.close());

  it('the runs really used the tokens (the file wins over the variable)', () => {
    const tokens = new Set(sim.requests.map((r) => r.headers['x-consul-token']));
    expect(tokens).toEqual(new Set([TOKEN, READ_ONLY, `${TOKEN}-wrong`]));
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(3);
  });

  it.each([TOKEN, READ_ONLY])('no output holds %s in raw, base64 or hex form', (secret) => {
    for (const output of outputs) {
      for (const form of leakForms(secret)) expect(output).not.toContain(form);
    }
  });
});
