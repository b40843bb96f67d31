import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const OLD = DEFAULT_GOSSIP_KEY;
const NEW = Buffer.alloc(32, 0x6b).toString('base64');
const FAST_POLL = ['--poll-interval', '5ms'];
const env = { NEW_GOSSIP_KEY: NEW };

let sim: NomadSimulator | undefined;
let synthDir: string | undefined;
afterEach(async () => {
  await sim?.close();
  if (synthDir) rmSync(synthDir, { recursive: true, force: true });
  sim = synthDir = undefined;
});

/** Two federated regions (3 + 2 servers) on the old key; the eu stack declares the new one. */
async function setup(keys: Record<string, string>[] = [{ env: 'NEW_GOSSIP_KEY' }]) {
  sim = await startNomadSimulator({
    regions: [
      { name: 'eu', servers: 3 },
      { name: 'us', servers: 2 },
    ],
  });
  synthDir = writeSynthDir(
    [
      {
        name: 'nomad-eu',
        product: 'nomad',
        provider: { address: sim.url, region: 'eu' },
        resources: { opstack_nomad_gossip_keyring: { keyring: { keys } } },
      },
    ],
    '',
  );
  return { sim, synthDir };
}

/** A whole rotation's requests; the list before the remove is its gate (every server still has the new key). */
const ROTATION = [
  'list*',
  'PUT /v1/agent/keyring/install NEW',
  'list*',
  'PUT /v1/agent/keyring/use NEW',
  'list*',
  'PUT /v1/agent/keyring/remove OLD',
  'list*',
];

/** Each request as `METHOD path key`, keys named OLD/NEW; consecutive list GETs folded into `list*`. */
function sequence(s: NomadSimulator): string[] {
  const out: string[] = [];
  for (const r of s.requests.filter((q) => q.path.startsWith('/v1/agent/keyring/'))) {
    const key = r.body ? (JSON.parse(r.body) as { Key: string }).Key : '';
    const label = r.path.endsWith('/list')
      ? 'list*'
      : `${r.method} ${r.path} ${key === NEW ? 'NEW' : key === OLD ? 'OLD' : key}`;
    if (label !== 'list*' || out.at(-1) !== 'list*') out.push(label);
  }
  return out;
}

describe('Nomad gossip key rotation through the CLI (nomad-operator-api.md §3.8)', () => {
  it('plans install → wait → use → remove → wait over every server of all regions, by fingerprint', async () => {
    const { synthDir } = await setup();
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(0);
    const install = String.raw`1\. PUT /v1/agent/keyring/install\?region=eu +\(install gossip key `;
    expect(plan.stdout).toMatch(new RegExp(install + String.raw`sha256:\w{8} \(env:NEW_GOSSIP_KEY\)\)`));
    expect(plan.stdout).toContain('2. WAIT (polls GET /v1/agent/keyring/list)');
    expect(plan.stdout).toMatch(/3\. PUT \/v1\/agent\/keyring\/use\?region=eu /);
    expect(plan.stdout).toMatch(/4\. PUT \/v1\/agent\/keyring\/remove\?region=eu .*\(not declared in the stack\)/);
    expect(plan.stdout).toContain('5. WAIT (polls GET /v1/agent/keyring/list)');
    expect(plan.stdout).toMatch(/# servers \(all regions\): sha256:[0-9a-f]{8} on 0\/5 nodes/);
    expect(plan.stdout + plan.stderr).not.toContain(NEW);
  });

  it('apply rotates every server of both regions with exactly install, use, remove, then plans nothing', async () => {
    const { sim, synthDir } = await setup();
    sim.clearRequests();
    const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(sequence(sim)).toEqual(ROTATION);
    expect(sim.gossip.keyring().map((n) => [n.name, n.keys.join()])).toEqual(
      ['server-1.eu', 'server-2.eu', 'server-3.eu', 'server-1.us', 'server-2.us'].map((name) => [name, NEW]),
    );
    expect((await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode'], { env })).code).toBe(0);
  });

  it('a saved plan applies exactly as reviewed; the plan file holds fingerprints and references, no key', async () => {
    const { sim, synthDir } = await setup();
    const planFile = join(synthDir, 'plan.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile], { env })).code).toBe(0);
    const saved = readFileSync(planFile, 'utf8');
    expect(saved).toContain('"polls": "/v1/agent/keyring/list"');
    expect(saved).not.toContain(NEW);
    sim.clearRequests();
    const apply = await runCli(['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL], { env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(sequence(sim).filter((s) => s !== 'list*')).toEqual(ROTATION.filter((s) => s !== 'list*'));
    expect(sim.gossip.keyring().every((n) => n.keys.join() === NEW)).toBe(true);
  });

  it('a saved plan edited to remove the declared key instead of the old one is refused with no write', async () => {
    const { sim, synthDir } = await setup();
    const planFile = join(synthDir, 'plan.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile], { env })).code).toBe(0);
    const document = JSON.parse(readFileSync(planFile, 'utf8'));
    const remove = document.steps.find((step: { path: string }) => step.path === '/v1/agent/keyring/remove');
    remove.key = { kind: 'live', fingerprint: fingerprint(NEW) };
    remove.body = { Key: fingerprint(NEW) };
    writeFileSync(planFile, JSON.stringify(document, null, 2));
    sim.clearRequests();
    const apply = await runCli(['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL], { env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('gives other steps than the file');
    expect(sim.requests.filter((r) => r.path.startsWith('/v1/agent/keyring/') && !r.path.endsWith('/list'))).toEqual(
      [],
    );
    expect(sim.gossip.keyring().every((n) => n.keys.join() === OLD)).toBe(true);
  });

  it('a server that fails the install stops apply before use; the re-run converges once it is fixed', async () => {
    const { sim, synthDir } = await setup();
    sim.gossip.setNodeFailure('server-2.us', 'install', 'disk full');
    sim.clearRequests();
    const failed = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('failed on 1/5 Nomad servers; Nomad does not say which.');
    expect(sequence(sim)).toEqual(['list*', 'PUT /v1/agent/keyring/install NEW']);
    expect(sim.gossip.keyring().filter((n) => n.keys.includes(NEW))).toHaveLength(4);
    sim.gossip.setNodeFailure('server-2.us', 'install', null);
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env })).code).toBe(0);
    expect(sim.gossip.keyring().every((n) => n.keys.join() === NEW)).toBe(true);
  });

  it('an install some server did not answer stops apply before use; the re-run converges', async () => {
    const { sim, synthDir } = await setup();
    const install = { path: '/v1/agent/keyring/install', status: 500, body: '4/5 nodes reported success' };
    sim.faults.failNext(1, install);
    sim.clearRequests();
    const failed = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'reached only 4/5 Nomad servers: the others did not answer, and Nomad does not say which.',
    );
    expect(sequence(sim)).toEqual(['list*', 'PUT /v1/agent/keyring/install NEW']);
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env })).code).toBe(0);
    expect(sim.gossip.keyring().every((n) => n.keys.join() === NEW)).toBe(true);
  });

  it('a server that missed the rotation while down is drift, and apply brings it back in line', async () => {
    const { sim, synthDir } = await setup();
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env })).code).toBe(0);
    sim.gossip.setNodeKeys('server-3.eu', [OLD]);
    const drift = await runCli(['drift', '--synth-dir', synthDir], { env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/# servers \(all regions\): sha256:[0-9a-f]{8} on 4\/5 nodes/);
    sim.clearRequests();
    expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL], { env })).code).toBe(0);
    expect(sequence(sim)).toEqual(ROTATION);
    expect(sim.gossip.keyring().every((n) => n.keys.join() === NEW)).toBe(true);
  });

  // SF:serf/keymanager.go:136-142: a server that does not answer at all (§3.8), as after it dies.
  it('a server that stops answering is named as such, read once; a wait polls through it', async () => {
    const { sim, synthDir } = await setup();
    const list = { path: '/v1/agent/keyring/list', status: 500, body: '4/5 nodes reported success' };
    sim.faults.failNext(1, list);
    sim.clearRequests();
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      `Nomad at ${sim.url} (region "eu"): a server stopped answering keyring queries ` +
        '(servers (all regions): 4/5 nodes answered); the keyring cannot be read completely.',
    );
    expect(sequence(sim)).toEqual(['list*']);
    expect(sim.requests.filter((r) => r.path === list.path)).toHaveLength(1);
    // During apply's waits the same answer is polled through: the rotation converges once it passes.
    const apply = await runCli(['apply', '--synth-dir', synthDir, ...FAST_POLL], {
      // Confirmed after the plan's read: the next three lists are the wait's polls after the install.
      env,
      answer: () => (sim.faults.failNext(3, { ...list, method: 'GET' }), 'yes'),
    });
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const install = sim.requests.findIndex((r) => r.path === '/v1/agent/keyring/install');
    const unanswered = sim.requests.flatMap((r, i) => (r.path === list.path && r.status === 500 ? [i] : []));
    expect(unanswered).toHaveLength(4);
    expect(unanswered.slice(1).every((i) => i > install)).toBe(true);
    expect(sim.gossip.keyring().every((n) => n.keys.join() === NEW)).toBe(true);
  });

  it('without gossip encryption the plan says so, and nothing is written', async () => {
    sim = await startNomadSimulator({ gossip: { encrypted: false } });
    synthDir = writeSynthDir(
      [
        {
          name: 'nomad',
          product: 'nomad',
          provider: { address: sim.url },
          resources: { opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } },
        },
      ],
      '',
    );
    const plan = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('gossip encryption is likely not enabled');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
