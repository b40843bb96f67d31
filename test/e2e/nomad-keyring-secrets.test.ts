// The secret scan of keyring-secrets.test.ts for Nomad's gossip keyring (nomad-operator-api.md §3.8).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runCli } from '../support/cli.js';
import { leakForms } from '../support/leak-forms.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const FAST_POLL = ['--poll-interval', '5ms'];
const NEW = Buffer.alloc(32, 0x3c).toString('base64');
const FROM_FILE = Buffer.alloc(16, 0x7e).toString('base64');
const OLD = DEFAULT_GOSSIP_KEY;
const FRESH = Buffer.alloc(24, 0x5a).toString('base64');
/** A key opstack never learns: only the server-text scrub can catch it. */
const FOREIGN = Buffer.from('an unrelated 32-byte gossip key!').toString('base64');

const nomadStack = (address: string, keys: Record<string, string>[]) => ({
  name: 'eu',
  product: 'nomad' as const,
  provider: { address, region: 'eu' },
  resources: { opstack_nomad_gossip_keyring: { keyring: { keys } } },
});

describe('Nomad gossip keys never appear in any output of a keyring command', () => {
  let sim: NomadSimulator;
  const outputs: { what: string; text: string }[] = [];
  let rotated: { keys: string[]; primary: string | null }[] = [];

  beforeAll(async () => {
    sim = await startNomadSimulator({ regions: [{ name: 'eu' }, { name: 'us', servers: 1 }], gossip: { keys: [OLD] } });
    const dir = tempDir('nomad-keys');
    const keyFile = join(dir, 'second.key');
    writeFileSync(keyFile, `${FROM_FILE}\n`);
    const synthDir = writeSynthDir([nomadStack(sim.url, [{ env: 'GOSSIP_KEY' }, { file: keyFile }])], '');
    const freshSynthDir = writeSynthDir([nomadStack(sim.url, [{ env: 'GOSSIP_KEY' }, { env: 'SECOND_KEY' }])], '');
    const env = { GOSSIP_KEY: NEW, SECOND_KEY: NEW };
    const planFile = join(dir, 'plan.json');
    const run = async (what: string, argv: string[], extraEnv: Record<string, string> = {}) => {
      const result = await runCli(argv, { env: { ...env, ...extraEnv } });
      outputs.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
      return result;
    };
    await run('plan --markdown', ['plan', '--synth-dir', synthDir, '--markdown']);
    await run('plan --json', ['plan', '--synth-dir', synthDir, '--json']);
    await run('plan --out', ['plan', '--synth-dir', synthDir, '--out', planFile]);
    outputs.push({ what: 'plan file', text: readFileSync(planFile, 'utf8') });
    const changed = { GOSSIP_KEY: Buffer.alloc(32, 1).toString('base64') };
    await run('apply with a key that changed since the plan', ['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL], changed);
    sim.gossip.setNodeFailure('server-1.us', 'install', 'refused');
    await run('apply with a failing server', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
    sim.gossip.setNodeFailure('server-1.us', 'install', null);
    await run('apply', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
    rotated = sim.gossip.keyring();
    await run('drift --json', ['drift', '--synth-dir', synthDir, '--json']);
    await run('status --json', ['status', '--synth-dir', synthDir, '--json']);
    await run('invalid stack', ['plan', '--synth-dir', synthDir], { GOSSIP_KEY: OLD.slice(0, 20) });

    // Server texts that quote keys, in every encoding, must be redacted wherever they surface.
    const hex = Buffer.from(NEW, 'base64').toString('hex');
    const list = { Keys: { [OLD]: 4 }, NumNodes: 4 };
    const serverAnswers: [string, { path: string; status: number; body: string }][] = [
      ['a 400 quoting the request body', { path: '/v1/agent/keyring/install', status: 400, body: `bad body {"Key":"${FRESH}"}` }],
      ['a 500 naming keys', { path: '/v1/agent/keyring/install', status: 500, body: `key ${hex} and ${FRESH.replace(/=+$/, '')}` }],
      [
        'node Messages quoting keys',
        { path: '/v1/agent/keyring/list', status: 200, body: JSON.stringify({ ...list, Messages: { 'server-2.eu': `had ${NEW}, not ${FOREIGN}` } }) },
      ],
      ['a truncated keyring answer', { path: '/v1/agent/keyring/list', status: 200, body: JSON.stringify(list).slice(0, 20) }],
      ['a keyring answer of {}', { path: '/v1/agent/keyring/list', status: 200, body: '{}' }],
    ];
    for (const [what, answer] of serverAnswers) {
      sim.faults.failNext(1, answer);
      // A write's answer is seen by apply; a read's by plan (an apply would plan from it first).
      if (answer.path.endsWith('/list')) await run(`plan against ${what}`, ['plan', '--synth-dir', synthDir, '--json']);
      else await run(`apply against ${what}`, ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL], { GOSSIP_KEY: FRESH });
      sim.faults.reset();
    }
  });
  afterAll(() => sim.close());

  it('the commands really used the keys (the rotation happened on every server of both regions)', () => {
    expect(rotated).toHaveLength(4);
    const declared = [NEW, FROM_FILE].sort().join();
    expect(rotated.every((n) => n.primary === NEW && [...n.keys].sort().join() === declared)).toBe(true);
    expect(sim.requests.some((r) => r.body.includes(NEW))).toBe(true);
  });

  it('the server answers were seen and reported as errors, not crashes', () => {
    const texts = outputs.map((o) => o.text).join('\n');
    expect(texts).not.toContain('This is a bug');
    expect(texts).toContain('answered GET /v1/agent/keyring/list with JSON opstack cannot use: lacks a node count (NumNodes)');
    expect(texts).toContain(`server-2.eu: had ${fingerprint(NEW)}, not ${fingerprint(FOREIGN)}`);
    expect(texts).toContain(`bad body {"Key":"${fingerprint(FRESH)}"}`);
  });

  it.each([
    ['the new key (from the environment)', NEW],
    ['the second key (from a file)', FROM_FILE],
    ['the old key (removed)', OLD],
    ['a key only ever sent in a failing install', FRESH],
    ['a key only a server message quoted', FOREIGN],
  ])('no stdout, stderr, plan file or JSON holds %s in raw, base64 or hex form', (_name, key) => {
    for (const { what, text } of outputs) {
      for (const form of leakForms(key)) expect(text.includes(form), `${what} leaks it`).toBe(false);
    }
  });
});
