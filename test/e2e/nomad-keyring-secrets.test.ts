// The secret scan of keyring-secrets.test.ts for Nomad's gossip keyring (nomad-operator-api.md §3.8).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { expectNoLeak, FAST_POLL, recordingCli, runKeyringCommands } from '../support/keyring-scan.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

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
  const runs = recordingCli({ GOSSIP_KEY: NEW, SECOND_KEY: NEW });
  const { outputs, run } = runs;
  let rotated: { keys: string[]; primary: string | null }[] = [];

  beforeAll(async () => {
    sim = await startNomadSimulator({ regions: [{ name: 'eu' }, { name: 'us', servers: 1 }], gossip: { keys: [OLD] } });
    const dir = tempDir('nomad-keys');
    const keyFile = join(dir, 'second.key');
    writeFileSync(keyFile, `${FROM_FILE}\n`);
    const synthDir = writeSynthDir([nomadStack(sim.url, [{ env: 'GOSSIP_KEY' }, { file: keyFile }])], '');
    const freshSynthDir = writeSynthDir([nomadStack(sim.url, [{ env: 'GOSSIP_KEY' }, { env: 'SECOND_KEY' }])], '');
    const failNode = (on: boolean) => sim.gossip.setNodeFailure('server-1.us', 'install', on ? 'refused' : null);
    await runKeyringCommands(runs, synthDir, dir, failNode);
    rotated = sim.gossip.keyring();

    // Server texts that quote keys, in every encoding, must be redacted wherever they surface.
    const hex = Buffer.from(NEW, 'base64').toString('hex');
    const list = { Keys: { [OLD]: 4 }, NumNodes: 4 };
    const serverAnswers: [string, { path: string; status: number; body: string }][] = [
      [
        'a 400 quoting the request body',
        { path: '/v1/agent/keyring/install', status: 400, body: `bad body {"Key":"${FRESH}"}` },
      ],
      [
        'a 500 naming keys',
        { path: '/v1/agent/keyring/install', status: 500, body: `key ${hex} and ${FRESH.replace(/=+$/, '')}` },
      ],
      [
        'node Messages quoting keys',
        {
          path: '/v1/agent/keyring/list',
          status: 200,
          body: JSON.stringify({ ...list, Messages: { 'server-2.eu': `had ${NEW}, not ${FOREIGN}` } }),
        },
      ],
      [
        'a truncated keyring answer',
        { path: '/v1/agent/keyring/list', status: 200, body: JSON.stringify(list).slice(0, 20) },
      ],
      ['a keyring answer of {}', { path: '/v1/agent/keyring/list', status: 200, body: '{}' }],
    ];
    for (const [what, answer] of serverAnswers) {
      sim.faults.failNext(1, answer);
      // A write's answer is seen by apply; a read's by plan (an apply would plan from it first).
      if (answer.path.endsWith('/list')) await run(`plan against ${what}`, ['plan', '--synth-dir', synthDir, '--json']);
      else
        await run(`apply against ${what}`, ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL], {
          GOSSIP_KEY: FRESH,
        });
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
    expect(texts).toContain(
      'answered GET /v1/agent/keyring/list with JSON opstack cannot use: lacks a node count (NumNodes)',
    );
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
    expectNoLeak(outputs, key);
  });
});
