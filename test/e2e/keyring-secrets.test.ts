import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator, type SimKeyringPool, startSimulator } from '../../src/sim/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { expectNoLeak, FAST_POLL, recordingCli, runKeyringCommands } from '../support/keyring-scan.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const NEW = Buffer.alloc(32, 0x3c).toString('base64');
const FROM_FILE = Buffer.alloc(16, 0x7e).toString('base64');
const OLD = DEFAULT_GOSSIP_KEY;
const FRESH = Buffer.alloc(24, 0x5a).toString('base64');

/** A keyring pool as Consul lists it (consul-operator-api.md §4.4). */
const pool = (keys: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  WAN: false,
  Datacenter: 'dc1',
  Segment: '',
  Keys: keys,
  PrimaryKeys: {},
  NumNodes: 3,
  ...extra,
});

describe('gossip keys never appear in any output of a keyring command', () => {
  let sim: Simulator;
  const runs = recordingCli({ GOSSIP_KEY: NEW, SECOND_KEY: NEW });
  const { outputs, run } = runs;
  let rotated: SimKeyringPool['nodes'] = [];

  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: [OLD] } }] });
    const dir = tempDir('keys');
    const keyFile = join(dir, 'second.key');
    writeFileSync(keyFile, `${FROM_FILE}\n`);
    const synthDir = writeSynthDir(
      [
        {
          name: 'dc1',
          resources: {
            opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }, { file: keyFile }] } },
          },
        },
      ],
      sim.address,
    );
    const freshSynthDir = writeSynthDir(
      [
        {
          name: 'dc1',
          resources: {
            opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }, { env: 'SECOND_KEY' }] } },
          },
        },
      ],
      sim.address,
    );
    const failNode = (on: boolean) =>
      sim.consul('dc1').setKeyringNodeFailure('dc1-server-3', 'install', on ? 'refused' : null);
    await runKeyringCommands(runs, synthDir, dir, failNode);
    rotated = sim
      .consul('dc1')
      .keyring()
      .flatMap((p) => p.nodes);

    // Server texts that quote keys, in every encoding, must be redacted wherever they surface.
    const path = '/v1/operator/keyring';
    const hex = Buffer.from(NEW, 'base64').toString('hex');
    const serverAnswers: [string, { method?: string; status: number; body: string }][] = [
      [
        'a 400 quoting the request body',
        { method: 'POST', status: 400, body: `Request decode failed: invalid key body={"Key":"${NEW}"}` },
      ],
      [
        'a 500 multi-error naming keys',
        {
          method: 'POST',
          status: 500,
          body:
            `2 errors occurred:\n\t* dc1 (LAN) error: key ${NEW.replace(/=+$/, '')} rejected\n\t* ` +
            `dc1-server-2: ${hex} and ${Buffer.from(OLD, 'base64').toString('base64url')}`,
        },
      ],
      [
        'node Messages quoting keys',
        {
          method: 'GET',
          status: 200,
          body: JSON.stringify([
            pool({ [OLD]: 3 }, { Messages: { 'dc1-server-3': `cannot install ${NEW} (had ${hex.toUpperCase()})` } }),
          ]),
        },
      ],
      [
        'a truncated keyring answer',
        { method: 'GET', status: 200, body: JSON.stringify([pool({ [OLD]: 3, [NEW]: 1 })]).slice(0, 60) },
      ],
      ['a keyring answer of [{}]', { method: 'GET', status: 200, body: '[{}]' }],
      [
        'an HTML page quoting a key',
        { method: 'GET', status: 200, body: `<html><body>proxy error for ${OLD}</body></html>` },
      ],
    ];
    for (const [what, answer] of serverAnswers) {
      sim.faults.failNext(1, { path, ...answer });
      // A write's answer is seen by apply; a read's by plan (an apply would plan from it first).
      if (answer.method === 'GET') await run(`plan against ${what}`, ['plan', '--synth-dir', synthDir, '--json']);
      else
        await run(`apply against ${what}`, ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL], {
          GOSSIP_KEY: FRESH,
        });
      sim.faults.reset();
    }
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-2', 'install', `refusing ${FRESH}`);
    await run(
      'apply with a node quoting the key it refused',
      ['apply', '--synth-dir', freshSynthDir, '--auto-approve', ...FAST_POLL],
      { GOSSIP_KEY: FRESH },
    );
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-2', 'install', null);
  });
  afterAll(() => sim.close());

  it('the commands really used the keys (the rotation happened)', () => {
    const nodes = rotated;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.primary === NEW && [...n.keys].sort().join() === [NEW, FROM_FILE].sort().join())).toBe(
      true,
    );
    expect(sim.requests.some((r) => r.body.includes(NEW))).toBe(true);
  });

  it('the server answers were seen and reported as errors, not crashes', () => {
    const texts = outputs.map((o) => o.text).join('\n');
    expect(texts).not.toContain('This is a bug');
    expect(texts).toContain(
      'answered GET /v1/operator/keyring with 200 and text/plain; charset=utf-8, but it is not valid JSON',
    );
    expect(texts).toContain(
      'answered GET /v1/operator/keyring with JSON opstack cannot use: pool 1 lacks WAN or Datacenter',
    );
    expect(texts).toContain(`cannot install ${fingerprint(NEW)}`);
  });

  it.each([
    ['the new key (from the environment)', NEW],
    ['the second key (from a file)', FROM_FILE],
    ['the old key (removed)', OLD],
    ['a key only ever sent in a failing install', FRESH],
  ])('no stdout, stderr, plan file or JSON holds %s in raw, base64 or hex form', (_name, key) => {
    expectNoLeak(outputs, key);
  });
});
