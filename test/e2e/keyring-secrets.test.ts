import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator, startSimulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

/** Tests poll the keyring often; the default (1s) is for real clusters. */
const FAST_POLL = ['--poll-interval', '5ms'];
const NEW = Buffer.alloc(32, 0x3c).toString('base64');
const FROM_FILE = Buffer.alloc(16, 0x7e).toString('base64');
const OLD = DEFAULT_GOSSIP_KEY;

/** Every form a leaked key could take: its base64 text, its raw bytes, and their hex. */
function leakForms(key: string): string[] {
  const raw = Buffer.from(key, 'base64');
  return [key, raw.toString('latin1'), raw.toString('hex'), raw.toString('hex').toUpperCase()];
}

describe('gossip keys never appear in any output of a keyring command', () => {
  let sim: Simulator;
  const outputs: { what: string; text: string }[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: [OLD] } }] });
    const dir = tempDir('keys');
    const keyFile = join(dir, 'second.key');
    writeFileSync(keyFile, `${FROM_FILE}\n`);
    const synthDir = writeSynthDir([{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }, { file: keyFile }] } } } }], sim.address);
    const env = { GOSSIP_KEY: NEW };
    const planFile = join(dir, 'plan.json');
    const run = async (what: string, argv: string[], extraEnv: Record<string, string> = {}) => {
      const result = await runCli(argv, { env: { ...env, ...extraEnv } });
      outputs.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
      return result;
    };
    await run('synth check', ['plan', '--synth-dir', synthDir, '--markdown']);
    await run('plan --json', ['plan', '--synth-dir', synthDir, '--json']);
    await run('plan --out', ['plan', '--synth-dir', synthDir, '--out', planFile]);
    outputs.push({ what: 'plan file', text: readFileSync(planFile, 'utf8') });
    await run('apply with a key that changed since the plan', ['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL], { GOSSIP_KEY: Buffer.alloc(32, 1).toString('base64') });
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-3', 'install', 'refused');
    await run('apply with a failing node', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-3', 'install', null);
    await run('apply', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
    await run('drift --json', ['drift', '--synth-dir', synthDir, '--json']);
    await run('status --json', ['status', '--synth-dir', synthDir, '--json']);
    await run('invalid stack', ['plan', '--synth-dir', synthDir], { GOSSIP_KEY: OLD.slice(0, 20) });
  });
  afterAll(() => sim.close());

  it('the commands really used the keys (the rotation happened)', () => {
    const nodes = sim.consul('dc1').keyring().flatMap((pool) => pool.nodes);
    expect(nodes.every((n) => n.primary === NEW && [...n.keys].sort().join() === [NEW, FROM_FILE].sort().join())).toBe(true);
    expect(sim.requests.some((r) => r.body.includes(NEW))).toBe(true);
  });

  it.each([
    ['the new key (from the environment)', NEW],
    ['the second key (from a file)', FROM_FILE],
    ['the old key (removed)', OLD],
  ])('no stdout, stderr, plan file or JSON holds %s in raw, base64 or hex form', (_name, key) => {
    for (const { what, text } of outputs) {
      for (const form of leakForms(key)) expect(text.includes(form), `${what} leaks it`).toBe(false);
    }
  });
});
