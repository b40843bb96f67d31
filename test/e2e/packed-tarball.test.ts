import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { type CliResult, PROJECT_DIR, runProcess } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';

/**
 * The path a user takes, on the tarball `npm pack` makes: install it into an empty directory
 * outside this repo, `opstack init`, `npm install`, validate, write a stack with a typo and fix it,
 * plan, apply, drift (README: "Use it in your own repo"). npm installs with --prefer-offline: the
 * packages are in its cache from this repo's `npm ci`, and only the registry's package listings
 * (which `npm ci` does not need) are fetched, once per machine; after that the test makes no
 * request outside 127.0.0.1.
 */
describe('the packed tarball, installed as a user installs it', () => {
  let work: string;
  let repo: string;
  let consul: Simulator;
  let nomad: NomadSimulator;
  const env = () => ({ CONSUL_HTTP_ADDR: consul.address, NOMAD_ADDR: nomad.url, NO_COLOR: '1' });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'opstack-tarball-'));
    repo = join(work, 'infra');
    mkdirSync(repo);
    consul = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    nomad = await startNomadSimulator({ regions: [{ name: 'global', servers: 3 }] });
  });
  afterAll(async () => {
    await consul?.close();
    await nomad?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs, installs, inits, plans, applies and finds no drift', async () => {
    // The build is fresh (npm test builds first); packing must not rebuild dist/ under the other tests.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PROJECT_DIR);
    expect(pack.code).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const shipped = files.map((f) => f.path);
    expect(shipped).toEqual(
      expect.arrayContaining([
        'bin/opstack.js',
        'dist/src/cli/run.js',
        'dist/bundle/opstack.cjs',
        'dist/bundle/opstack.cjs.cache',
        'dist/src/constructs/index.d.ts',
        'templates/init/stacks/main.ts',
      ]),
    );
    expect(shipped.filter((path) => /^(src|test|stacks)\/|^dist\/src\/(bench|demo)\//.test(path))).toEqual([]);

    const install = ['--prefer-offline', '--no-audit', '--no-fund'];
    expect(await run('npm', ['install', ...install, join(work, filename)], repo)).toMatchObject({ code: 0 });
    const init = await run('npx', ['opstack', 'init'], repo);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain(
      'Created cdktf.json, tsconfig.json, stacks/main.ts, .gitignore, .github/workflows/opstack.yml.\n',
    );
    expect(await run('npm', ['install', ...install], repo)).toMatchObject({ code: 0 });

    // Only the constructs are public.
    const internal = await run(
      'node',
      ['--input-type=module', '-e', "await import('opstack/dist/src/cli/main.js')"],
      repo,
    );
    expect(internal.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');

    // The scaffolded stack plans as it is: a Consul datacenter and a Nomad region.
    const scaffolded = await run('npx', ['opstack', 'plan'], repo, env());
    expect(scaffolded).toMatchObject({ code: 0, stderr: '' });
    expect(scaffolded.stdout).toContain('Stack dc1: Consul datacenter "dc1"');
    expect(scaffolded.stdout).toContain('Stack nomad-global: Nomad region "global"');

    // validate type-checks it with the TypeScript init added, and checks the stacks.
    expect(await run('npx', ['opstack', 'validate'], repo)).toMatchObject({
      code: 0,
      stdout:
        'Valid: stacks/main.ts type-checks, and the stacks (dc1, ' +
        'nomad-global) pass every check that needs no cluster.\n',
    });

    // A typo: plan refuses it before any request and points at validate, which the compiler backs up.
    writeFileSync(join(repo, 'stacks', 'main.ts'), MY_STACK.replace('minQuorum', 'minQuorom'));
    consul.clearRequests();
    const typo = await run('npx', ['opstack', 'plan'], repo, env());
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(
      'Error: ConsulAutopilotConfig has no property `minQuorom`: did you mean `minQuorum`?\n  on dc1/autopilot\n',
    );
    expect(typo.stderr).toContain('`opstack validate` also type-checks the app');
    expect(consul.requests).toEqual([]);
    const validate = await run('npx', ['opstack', 'validate'], repo);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      "error TS2561: Object literal may only specify known properties, but 'minQuorom' does not exist",
    );
    expect(validate.stderr).toContain('Error: the app has 1 type error and 1 error in its stacks (above).');

    writeFileSync(join(repo, 'stacks', 'main.ts'), MY_STACK);
    const plan = await run('npx', ['opstack', 'plan'], repo, env());
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toContain('min_quorum             = 0 -> 2');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');

    consul.clearRequests();
    expect(await run('npx', ['opstack', 'apply', '--auto-approve'], repo, env())).toMatchObject({ code: 0 });
    expect(
      withoutLockCalls(consul.requests)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path} ${r.status}`),
    ).toEqual(['PUT /v1/operator/autopilot/configuration 200']);
    expect(consul.consul('dc1').autopilotConfig()).toMatchObject({ MinQuorum: 2, LastContactThreshold: '1s' });

    expect(await run('npx', ['opstack', 'drift'], repo, env())).toMatchObject({ code: 0 });
  }, 300_000);
});

/** What a user writes in their own repo. */
const MY_STACK = `import { App, TerraformStack } from 'cdktf';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';
import { ConsulAutopilotConfig } from 'opstack';

const app = new App();
const dc1 = new TerraformStack(app, 'dc1');
new ConsulProvider(dc1, 'consul', { datacenter: 'dc1' });
new ConsulAutopilotConfig(dc1, 'autopilot', { minQuorum: 2, lastContactThreshold: '1s' });
app.synth();
`;

/** Runs a command as a user's shell would, without this test run's npm_* variables (npm test sets them). */
function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
  );
  return runProcess(command, args, cwd, { ...env, ...extraEnv });
}
