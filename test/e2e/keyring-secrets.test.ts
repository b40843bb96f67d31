import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator, type SimKeyringPool, startSimulator } from '../../src/sim/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runCli } from '../support/cli.js';
import { leakForms } from '../support/leak-forms.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

/** Tests poll the keyring often; the default (1s) is for real clusters. */
const FAST_POLL = ['--poll-interval', '5ms'];
const NEW = Buffer.alloc(32, 0x3c).toString('base64');
const FROM_FILE = Buffer.alloc(16, 0x7e).toString('base64');
const OLD = DEFAULT_GOSSIP_KEY;
const FRESH = Buffer.alloc(24, 0x5a).toString('base64');


/** A keyring pool as Consul lists it (consul-operator-api.md §4.4). */
const pool = (keys: Record<string, number>, extra: Record<string, unknown> = {}) => ({ WAN: false, Datacenter: 'dc1', Segment: '', Keys: keys, PrimaryKeys: {}, NumNodes: 3, ...extra });

describe('gossip keys never appear in any output of a keyring command', () => {
  let sim: Simulator;
  const outputs: { what: string; text: string }[] = [];
  let rotated: SimKeyringPool['nodes'] = [];

  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: [OLD] } }] });
    const dir = tempDir('keys');
    const keyFile = join(dir, 'second.key');
    writeFileSync(keyFile, `${FROM_FILE}\n`);
    const synthDir = writeSynthDir([{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }, { file: keyFile }] } } } }], sim.address);
    const env = { GOSSIP_KEY: NEW };
    const freshSynthDir = writeSynthDir([{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }, { env: 'SECOND_KEY' }] } } } }], sim.address);
    Object.assign(env, { SECOND_KEY: NEW });
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
    rotated = sim.consul('dc1').keyring().flatMap((p) => p.nodes);
    await run('drift --json', ['drift', '--synth-dir', synthDir, '--json']);
    await run('status --json', ['status', '--synth-dir', synthDir, '--json']);
    await run('invalid stack', ['plan', '--synth-dir', synthDir], { GOSSIP_KEY: OLD.slice(0, 20) });

    // Server texts that quote keys, in every encoding, must be redacted wherever they surface.
    const path = '/v1/operator/keyring';
    const hex = Buffer.from(NEW, 'base64').toString('hex');
    const serverAnswers: [string, { method?: string; status: number; body: string }][] = [
      ['a 400 quoting the request body', { method: 'POST', status: 400, body: `Request decode failed: invalid key body={"Key":"${NEW}"}` }],
      ['a 500 multi-error naming keys', { method: 'POST', status: 500, body: `2 errors occurred:\n\t* dc1 (LAN) error: key ${NEW.replace(/=+$/, '')} rejected\n\t* dc1-server-2: ${hex} and ${Buffer.from(OLD, 'base64').toString('base64url')}` }],
      ['node Messages quoting keys', { method: 'GET', status: 200, body: JSON.stringify([pool({ [OLD]: 3 }, { Messages: { 'dc1-server-3': `cannot install ${NEW} (had ${hex.toUpperCase()})` } })]) }],
      ['a truncated keyring answer', { method: 'GET', status: 200, body: JSON.stringify([pool({ [OLD]: 3, [NEW]: 1 })]).slice(0, 60) }],
      ['a keyring answer of [{}]', { method: 'GET', status: 200, body: '[{}]' }],
      ['an HTML page quoting a key', { method: 'GET', status: 200, body: `<html><body>proxy error for ${OLD}</body></html>` }],
    ];
    for (const [what, answer] of serverAnswers) {
      sim.faults.failNext(1, { path, ...answer });
      // A write's answer is seen by apply; a read's by plan (an apply would plan from it first).
      if (answer.method === 'GET') await run(`plan against ${what}`, ['plan', '--synth-dir', synthDir, '--json']);
      else await run(`apply against ${what}`, ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL], { GOSSIP_KEY: FRESH });
      sim.faults.reset();
    }
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-2', 'install', `refusing ${FRESH}`);
    await run('apply with a node quoting the key it refused', ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL], { GOSSIP_KEY: FRESH });
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-2', 'install', null);
  });
  afterAll(() => sim.close());

  it('the commands really used the keys (the rotation happened)', () => {
    const nodes = rotated;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.primary === NEW && [...n.keys].sort().join() === [NEW, FROM_FILE].sort().join())).toBe(true);
    expect(sim.requests.some((r) => r.body.includes(NEW))).toBe(true);
  });

  it('the server answers were seen and reported as errors, not crashes', () => {
    const texts = outputs.map((o) => o.text).join('\n');
    expect(texts).not.toContain('This is a bug');
    expect(texts).toContain('answered GET /v1/operator/keyring with 200 and text/plain; charset=utf-8, but it is not valid JSON');
    expect(texts).toContain('answered GET /v1/operator/keyring with JSON opstack cannot use: pool 1 lacks WAN or Datacenter');
    expect(texts).toContain(`cannot install ${fingerprint(NEW)}`);
  });

  it.each([
    ['the new key (from the environment)', NEW],
    ['the second key (from a file)', FROM_FILE],
    ['the old key (removed)', OLD],
    ['a key only ever sent in a failing install', FRESH],
  ])('no stdout, stderr, plan file or JSON holds %s in raw, base64 or hex form', (_name, key) => {
    for (const { what, text } of outputs) {
      for (const form of leakForms(key)) expect(text.includes(form), `${what} leaks it`).toBe(false);
    }
  });
});
