// OPSTACK_LOG=debug / --log-level debug: one stderr line per HTTP exchange, redacted like every other output.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startSimulator } from '../support/simulators.js';

const TOKEN = '5eed0000-aaaa-bbbb-cccc-ddddeeeeffff';
const NEW = Buffer.alloc(32, 0x4d).toString('base64');
const LINE = /^debug http: (GET|PUT|POST|DELETE) (\/v1\/\S+) (\d{3}|failed \(\w+\)) \d+ms( \(retry \d+\))?$/;

let sim: Simulator | undefined;

/** Every form a leaked key or token could take in text. */
const leakForms = (key: string) => {
  const raw = Buffer.from(key, 'base64');
  return [key.replace(/=+$/, ''), raw.toString('base64url'), raw.toString('hex'), TOKEN];
};

describe('the debug log of HTTP exchanges', () => {
  it('writes method, path with query, status and duration for each request, and no secret', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY] } }] });
    const dir = writeSynthDir(
      [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } } }],
      sim.address,
    );
    const env = { OPSTACK_LOG: 'debug', CONSUL_HTTP_TOKEN: TOKEN, NEW_KEY: NEW };
    const result = await runCli(['apply', '--synth-dir', dir, '--auto-approve', '--poll-interval', '5ms'], { env });
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('debug http: '));
    // One line per request the simulator saw, in the same order, with the query apply sent.
    expect(lines.map((line) => line.match(LINE)?.slice(1, 3).join(' '))).toEqual(
      sim.requests.map((r) => {
        const query = new URLSearchParams(r.query).toString();
        return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
      }),
    );
    expect(lines.some((line) => line.startsWith('debug http: POST /v1/operator/keyring?dc=dc1 200 '))).toBe(true);
    for (const form of [...leakForms(NEW), ...leakForms(DEFAULT_GOSSIP_KEY)]) {
      expect(result.stderr).not.toContain(form);
      expect(result.stdout).not.toContain(form);
    }
  });

  it('--log-level debug does the same for plan; without it nothing is logged', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    const quiet = await runCli(['plan', '--synth-dir', dir]);
    expect(quiet.stderr).not.toContain('debug http:');
    const loud = await runCli(['plan', '--synth-dir', dir, '--log-level', 'debug']);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/^debug http: GET \/v1\/operator\/autopilot\/configuration\?dc=dc1 200 \d+ms$/m);
  });

  it('an OPSTACK_LOG it does not know is refused before any request', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    const result = await runCli(['plan', '--synth-dir', dir], { env: { OPSTACK_LOG: 'verbose' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPSTACK_LOG must be info or debug, not "verbose".');
    expect(sim.requests).toEqual([]);
  });
});
