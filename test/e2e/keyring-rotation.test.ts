import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { tempDir } from '../support/temp-dir.js';
import { startSimulator } from '../support/simulators.js';

const OLD = DEFAULT_GOSSIP_KEY;
const NEW = Buffer.alloc(32, 0x5a).toString('base64');
const KEYRING = '/v1/operator/keyring';
/** Tests poll the keyring often; the default (1s) is for real clusters. */
const FAST_POLL = ['--poll-interval', '5ms'];
const env = { NEW_GOSSIP_KEY: NEW };

let sim: Simulator | undefined;

/** A datacenter of 3 servers and 2 clients on the old key, and a stack that declares only the new one. */
async function rotationSetup(propagationMs = 40) {
  sim = await startSimulator({
    datacenters: [{ name: 'dc1', servers: 3, gossip: { keys: [OLD], clients: 2 } }],
    keyringPropagationMs: propagationMs,
  });
  const synthDir = writeSynthDir(
    [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } } }],
    sim.address,
  );
  return { sim, synthDir };
}

/** The requests as `METHOD body-key`, consecutive GETs folded into one `GET*`. */
function sequence(s: Simulator): string[] {
  const out: string[] = [];
  for (const r of withoutLockCalls(s.requests).filter((q) => q.path === KEYRING)) {
    const key = r.body ? (JSON.parse(r.body) as { Key: string }).Key : '';
    const label = r.method === 'GET' ? 'GET*' : `${r.method} ${key === NEW ? 'NEW' : key === OLD ? 'OLD' : key}`;
    if (label !== 'GET*' || out.at(-1) !== 'GET*') out.push(label);
  }
  return out;
}

const everyNode = (s: Simulator) =>
  s
    .consul('dc1')
    .keyring()
    .flatMap((pool) => pool.nodes);

describe('gossip key rotation through the CLI (consul-operator-api.md §4.4)', () => {
  it('plans install → wait → use → wait → remove with fingerprints and per-pool coverage', async () => {
    const { synthDir } = await rotationSetup();
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(0);
    const install = String.raw`1\. POST /v1/operator/keyring\?dc=dc1 +\(install gossip key `;
    expect(plan.stdout).toMatch(new RegExp(install + String.raw`sha256:\w{8} \(env:NEW_GOSSIP_KEY\)\)`));
    expect(plan.stdout).toContain('2. WAIT (polls GET /v1/operator/keyring)');
    expect(plan.stdout).toContain('3. PUT /v1/operator/keyring?dc=dc1 ');
    expect(plan.stdout).toContain('5. DELETE /v1/operator/keyring?dc=dc1 ');
    expect(plan.stdout).toContain('(not declared in the stack)');
    expect(plan.stdout).toMatch(/# dc1 LAN: sha256:[0-9a-f]{8} on 0\/5 nodes; primary sha256:[0-9a-f]{8} on 0\/5/);
    expect(plan.stdout).toMatch(/# WAN: sha256:[0-9a-f]{8} on 0\/3 nodes/);
  });

  it(
    'a full rotation with propagation delay makes exactly ' + 'POST, PUT, DELETE with waits between, and converges',
    async () => {
      // Long enough that the first poll sees partial coverage even on a busy machine.
      const { sim, synthDir } = await rotationSetup(300);
      sim.clearRequests();
      const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(sequence(sim)).toEqual(['GET*', 'POST NEW', 'GET*', 'PUT NEW', 'GET*', 'DELETE OLD', 'GET*']);
      // One line per phase, each with the coverage its wait reached; no line per step or per poll.
      const phases = apply.stdout.split('\n').filter((line) => /^\[\d\/\d\] /.test(line));
      const covered = ' — done; WAN: 3/3 nodes, dc1 LAN: 5/5 nodes';
      expect(phases.map((line) => line.replace(/sha256:[0-9a-f]{8}/g, 'sha256:…'))).toEqual([
        `[1/3] dc1 step 1: POST ${KEYRING}?dc=dc1 (install gossip key sha256:… (env:NEW_GOSSIP_KEY))${covered}`,
        `[2/3] dc1 step 3: PUT ${KEYRING}?dc=dc1 (make sha256:… the primary gossip key)${covered}`,
        `[3/3] dc1 step 5: DELETE ${KEYRING}?dc=dc1 (remove gossip key sha256:… (not declared in the stack))` + covered,
      ]);
      expect(apply.stdout).not.toContain('[done]');
      expect(apply.stdout).toContain('Apply complete!');
      expect(everyNode(sim).every((n) => n.keys.length === 1 && n.keys[0] === NEW && n.primary === NEW)).toBe(true);
      expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'], { env })).code).toBe(0);
    },
  );

  it('a saved plan rotates exactly as reviewed; the plan file holds fingerprints and references, no key', async () => {
    const { sim, synthDir } = await rotationSetup(0);
    const planFile = join(tempDir('keyplan'), 'plan.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile], { env })).code).toBe(0);
    const saved = readFileSync(planFile, 'utf8');
    expect(saved).toContain('"name": "NEW_GOSSIP_KEY"');
    expect(saved).not.toContain(NEW);
    expect(saved).not.toContain(OLD);
    sim.clearRequests();
    const apply = await runCli(['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL], { env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(sequence(sim)).toEqual(['GET*', 'POST NEW', 'GET*', 'PUT NEW', 'GET*', 'DELETE OLD', 'GET*']);
  });

  it('on a terminal the waits show a spinner with the coverage, redrawn in place', async () => {
    const { synthDir } = await rotationSetup(40);
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env, tty: true });
    expect(apply.code).toBe(0);
    const redraw = /\r\u001b\[2K\[1\/3\] dc1 step 1: .* [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] WAN: \d\/3 nodes, dc1 LAN: \d\/5/;
    expect(apply.stdout).toMatch(redraw);
    expect(apply.stdout).toMatch(/\r\u001b\[2K\[3\/3\] dc1 step 5: DELETE .* — done; WAN: 3\/3 nodes, dc1 LAN: 5\/5/);
  });

  it.each([
    ['after the installs', 1],
    ['after the use', 3],
    ['after the removes', 5],
  ])('interrupted %s, a re-run plans only what is left and converges', async (_when, stepsDone) => {
    const { sim, synthDir } = await rotationSetup(0);
    // Play the first steps by hand, as an interrupted apply would have left them.
    const write = (method: string, key: string) =>
      fetch(`${sim.url}${KEYRING}`, { method, body: JSON.stringify({ Key: key }) });
    await write('POST', NEW);
    if (stepsDone >= 3) await write('PUT', NEW);
    if (stepsDone >= 5) await write('DELETE', OLD);
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.stdout).not.toContain('POST /v1/operator/keyring');
    expect(plan.stdout.includes('PUT /v1/operator/keyring')).toBe(stepsDone < 3);
    sim.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
    expect(apply.code).toBe(0);
    expect(sequence(sim).filter((s) => s !== 'GET*')).toEqual(
      stepsDone < 3 ? ['PUT NEW', 'DELETE OLD'] : stepsDone < 5 ? ['DELETE OLD'] : [],
    );
    expect(everyNode(sim).every((n) => n.keys.join() === NEW && n.primary === NEW)).toBe(true);
  });

  it('a node that fails to install stops apply before any use, and names the node', async () => {
    const { sim, synthDir } = await rotationSetup(0);
    sim.consul('dc1').setKeyringNodeFailure('dc1-server-2', 'install', 'disk full');
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('dc1-server-2: disk full');
    expect(apply.stderr).toContain('Step that failed:');
    expect(apply.stderr).toContain('Steps not run:');
    expect(withoutLockCalls(sim.requests).filter((r) => r.method === 'PUT' || r.method === 'DELETE')).toEqual([]);
    expect(everyNode(sim).every((n) => n.primary === OLD)).toBe(true);
  });

  it(
    'keys that do not reach the nodes make the wait give up after ' +
      '--wait-timeout, naming the pool coverage; nothing is used or removed',
    async () => {
      const { sim, synthDir } = await rotationSetup(0);
      sim.faults.setKeyringPropagation(60_000);
      const apply = await runCli(
        ['apply', '--synth-dir', synthDir, '--auto-approve', '--wait-timeout', '200ms', ...FAST_POLL],
        { env },
      );
      expect(apply.code).toBe(1);
      expect(apply.stderr).toMatch(
        /gave up after 200ms waiting until every node has sha256:[0-9a-f]{8}: WAN: 0\/3 nodes, dc1 LAN: 0\/5 nodes/,
      );
      expect(withoutLockCalls(sim.requests).filter((r) => r.method === 'PUT' || r.method === 'DELETE')).toEqual([]);
    },
  );

  it('refuses a keyring when gossip encryption is off, saying so', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { encrypted: false } }] });
    const synthDir = writeSynthDir(
      [
        {
          name: 'dc1',
          resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } },
        },
      ],
      sim.address,
    );
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('Gossip encryption is not enabled');
  });

  it('invalid keys are refused before any request, naming the reference and never the key', async () => {
    sim = await startSimulator();
    const short = Buffer.alloc(20, 1).toString('base64');
    const synthDir = writeSynthDir(
      [
        {
          name: 'dc1',
          resources: {
            opstack_consul_gossip_keyring: {
              keyring: { keys: [{ env: 'SHORT' }, { env: 'MISSING' }, { env: 'NEW_GOSSIP_KEY' }, { env: 'AGAIN' }] },
            },
          },
        },
      ],
      sim.address,
    );
    const result: CliResult = await runCli(['plan', '--synth-dir', synthDir], {
      env: { ...env, SHORT: short, AGAIN: NEW },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('env:SHORT: the key decodes to 20 bytes; Consul needs 16, 24 or 32.');
    expect(result.stderr).toContain('env:MISSING: the environment variable MISSING is not set.');
    expect(result.stderr).toMatch(
      /Gossip keys env:NEW_GOSSIP_KEY and env:AGAIN hold the same key \(sha256:[0-9a-f]{8}\)/,
    );
    expect(result.stderr).toContain('on dc1/keyring');
    expect(result.stderr).not.toContain(short);
    expect(result.stderr).not.toContain(NEW);
    expect(sim.requests).toEqual([]);
  });
});
