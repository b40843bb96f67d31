import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { runBinary, runCli } from '../support/cli.js';

const GOSSIP_KEY = Buffer.alloc(32, 9).toString('base64');
const AUTOPILOT = '/v1/operator/autopilot/configuration';
// Which stacks were planned shows in the configuration reads (a MinQuorum change also reads health, for risk notes).
const configReads = (s: { requests: readonly { method: string; path: string; query: Record<string, string> }[] }) =>
  s.requests.filter((r) => r.path === AUTOPILOT);

// A cdktf app as opstack sees one: it writes a manifest and a stack's Terraform JSON into
// CDKTF_OUTDIR. It names its datacenter from APP_DC and records where and how it ran.
const APP = `import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const out = process.env.CDKTF_OUTDIR;
const dc = process.env.APP_DC;
globalThis.opstackTestApp = { runs: (globalThis.opstackTestApp?.runs ?? 0) + 1, cwd: process.cwd() };
console.log('the app talks on stdout');
if (process.env.APP_EXIT) process.exit(Number(process.env.APP_EXIT));
if (process.env.APP_THROW) throw new Error('boom in stack');
mkdirSync(join(out, 'stacks', dc), { recursive: true });
const autopilot = { '//': { metadata: { path: dc + '/autopilot' } }, min_quorum: 3 };
const provider = { consul: [{ address: process.env.APP_ADDR, datacenter: dc }] };
const stack = { provider, resource: { consul_autopilot_config: { autopilot } } };
writeFileSync(join(out, 'stacks', dc, 'cdk.tf.json'), JSON.stringify(stack));
const manifest = { stacks: { [dc]: { synthesizedStackPath: 'stacks/' + dc + '/cdk.tf.json' } } };
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
`;

interface TestGlobal {
  opstackTestApp?: { runs: number; cwd: string };
}
const probe = globalThis as TestGlobal;

/** A project directory outside the repo with cdktf.json's app set to `command` and the app file. */
function project(command: string, file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opstack-app-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: command }));
  writeFileSync(join(dir, file), APP);
  return dir;
}

describe('the cdktf app named by cdktf.json runs in process when it is one TypeScript or JavaScript file', () => {
  let sim: Simulator;
  const dirs: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
  });
  afterEach(() => {
    delete probe.opstackTestApp;
    sim.clearRequests();
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await sim.close();
  });
  const env = (extra: Record<string, string>) => ({ APP_ADDR: sim.address, ...extra });

  it.each([
    ['npx tsx main.ts', 'main.ts'],
    ['ts-node main.ts', 'main.ts'],
    ['node main.mjs', 'main.mjs'],
  ])(
    '`%s` is loaded in this process, afresh on every run, with its own environment and directory',
    async (command, file) => {
      const dir = project(command, file);
      dirs.push(dir);
      const before = { env: { ...process.env }, cwd: process.cwd() };
      const first = await runCli(['plan', '--json'], { cwd: dir, env: env({ APP_DC: 'dc1' }) });
      const second = await runCli(['plan', '--json'], { cwd: dir, env: env({ APP_DC: 'dc2' }) });
      expect([first.code, second.code]).toEqual([0, 0]);
      // The app's own output is not opstack's: stdout is exactly the JSON document.
      expect(JSON.parse(first.stdout).stacks.map((s: { name: string }) => s.name)).toEqual(['dc1']);
      expect(JSON.parse(second.stdout).stacks.map((s: { name: string }) => s.name)).toEqual(['dc2']);
      expect(first.stderr + second.stderr).toBe('');
      expect(probe.opstackTestApp).toEqual({ runs: 2, cwd: dir });
      expect(configReads(sim).map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`)).toEqual([
        `GET ${AUTOPILOT}?dc=dc1`,
        `GET ${AUTOPILOT}?dc=dc2`,
      ]);
      // Scoped: the process's environment and directory are as they were.
      expect({ env: { ...process.env }, cwd: process.cwd() }).toEqual(before);
    },
  );

  // The installed binary runs a bundle compiled as a vm.Script, which cannot import(): the app is
  // imported by a module left out of the bundle (src/cli/import-app.ts), and tsx by its CommonJS build.
  it.each([
    ['node main.mjs', 'main.mjs'],
    ['npx tsx main.ts', 'main.ts'],
  ])('the installed binary loads `%s` in process too', async (command, file) => {
    const dir = project(command, file);
    dirs.push(dir);
    const result = await runBinary(['plan', '--json'], env({ APP_DC: 'dc2' }), dir);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout).stacks.map((s: { name: string }) => s.name)).toEqual(['dc2']);
    expect(configReads(sim).map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`)).toEqual([`GET ${AUTOPILOT}?dc=dc2`]);
  });

  it('an app that calls process.exit fails the run with its output, and opstack keeps running', async () => {
    const dir = project('npx tsx main.ts', 'main.ts');
    dirs.push(dir);
    const result = await runCli(['plan'], { cwd: dir, env: env({ APP_DC: 'dc1', APP_EXIT: '3' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: The cdktf app main.ts called process.exit(3):\nthe app talks ' +
        'on stdout\n  Fix the error in your stacks, then run the command again. ' +
        '`opstack validate` also type-checks the app, which synth and plan skip for speed.\n',
    );
    expect(sim.requests).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('an app that throws is reported with its error, before any request', async () => {
    const dir = project('node main.mjs', 'main.mjs');
    dirs.push(dir);
    const result = await runCli(['plan'], { cwd: dir, env: env({ APP_DC: 'dc1', APP_THROW: '1' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: The cdktf app main\.mjs threw Error: boom in stack\n {4}at /);
    expect(result.stderr).toContain('the app talks on stdout');
    expect(sim.requests).toEqual([]);
  });

  it.each([['node --no-warnings main.mjs'], ['node main.mjs && true']])(
    '`%s` does more than load a file, so it is spawned',
    async (command) => {
      const dir = project(command, 'main.mjs');
      dirs.push(dir);
      const result = await runCli(['plan'], { cwd: dir, env: { ...env({ APP_DC: 'dc1' }), PATH: process.env.PATH } });
      expect(result.code).toBe(0);
      expect(probe.opstackTestApp).toBeUndefined();
      expect(configReads(sim).map((r) => r.query.dc)).toEqual(['dc1']);
    },
  );

  it('--app keeps spawning the command it is given', async () => {
    const dir = project('node main.mjs', 'main.mjs');
    dirs.push(dir);
    const result = await runCli(['plan', '--app', 'node main.mjs'], {
      cwd: dir,
      env: { ...env({ APP_DC: 'dc1' }), PATH: process.env.PATH },
    });
    expect(result.code).toBe(0);
    expect(probe.opstackTestApp).toBeUndefined();
  });

  it('the example app (cdktf, the provider, opstack) plans twice in one process', async () => {
    const run = () =>
      runCli(['plan', 'dc2', '--json'], {
        env: { CONSUL_HTTP_ADDR: sim.address, CONSUL_GOSSIP_KEY: GOSSIP_KEY, NOMAD_GOSSIP_KEY: GOSSIP_KEY },
      });
    const [first, second] = [await run(), await run()];
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    expect(configReads(sim).map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`)).toEqual([
      `GET ${AUTOPILOT}?dc=dc2`,
      `GET ${AUTOPILOT}?dc=dc2`,
    ]);
  });
});
