import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { PROJECT_DIR, runCli, runProcess } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';

describe('output a reader can use', () => {
  let sim: Simulator;
  let synthDir: string;
  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    // The provider block names the datacenter only: the address comes from CONSUL_HTTP_ADDR.
    synthDir = writeSynthDir(
      [{ name: 'dc1', provider: { datacenter: 'dc1' }, autopilot: { min_quorum: 3 } }],
      sim.address,
    );
  });
  afterAll(async () => {
    rmSync(synthDir, { recursive: true, force: true });
    await sim.close();
  });
  const env = () => ({ CONSUL_HTTP_ADDR: sim.address });

  it('stack headers and the Markdown table show the address CONSUL_HTTP_ADDR resolved to, not its name', async () => {
    const text = await runCli(['plan', '--synth-dir', synthDir], { env: env() });
    expect(text.stdout).toContain(`Stack dc1: Consul datacenter "dc1" at http://${sim.address}\n`);
    const markdown = await runCli(['plan', '--synth-dir', synthDir, '--markdown'], { env: env() });
    expect(markdown.stdout).toContain(`| dc1 | Consul datacenter "dc1" at http://${sim.address} | 0 | 1 | 0 |`);
    const status = await runCli(['status', '--synth-dir', synthDir], { env: env() });
    expect(status.stdout).toContain(`Stack dc1: Consul datacenter "dc1" at http://${sim.address}\n`);
    for (const output of [text.stdout, markdown.stdout, status.stdout])
      expect(output).not.toContain('$CONSUL_HTTP_ADDR');
  });

  it('the JSON document keeps the target as the stack declared it', async () => {
    const json = JSON.parse((await runCli(['plan', '--synth-dir', synthDir, '--json'], { env: env() })).stdout);
    expect(json.stacks[0].target).toEqual({ product: 'consul', datacenter: 'dc1' });
  });

  it('`npm run demo` writes no ANSI escape codes when stdout is not a terminal', { timeout: 180_000 }, async () => {
    const demo = await runProcess(
      process.execPath,
      [join(PROJECT_DIR, 'dist', 'src', 'cli', 'run-demo.js')],
      PROJECT_DIR,
      { PATH: process.env.PATH },
    );
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('== 7. Status of every cluster');
    expect(demo.stdout).not.toContain('\u001b');
  });
});
