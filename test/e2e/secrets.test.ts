import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runBinary, runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { CONSUL_LOCK_PERMISSIONS } from '../support/lock-calls.js';
import { diesSoon } from '../support/processes.js';
import { tempDir } from '../support/temp-dir.js';

const TOKEN = 'c0ffee00-dead-beef-0123-456789abcdef';
const READ_ONLY = 'feedface-0000-1111-2222-333344445555';

/** Every form a leaked token could take in output. */
function leakForms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [
    secret,
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ];
}

describe('tokens never appear in stdout, stderr, plan files or JSON', () => {
  let sim: Simulator;
  let synthDir: string;
  const outputs: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      acl: {
        enabled: true,
        tokens: [
          { secret: TOKEN, permissions: ['operator:write', ...CONSUL_LOCK_PERMISSIONS] },
          { secret: READ_ONLY, permissions: ['operator:read', ...CONSUL_LOCK_PERMISSIONS] },
        ],
      },
    });
    synthDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    const tokenFile = join(tempDir('token'), 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const planFile = join(tempDir('plan'), 'plan.json');
    const runs = [
      await runCli(['plan', '--synth-dir', synthDir, '--out', planFile], {
        env: { CONSUL_HTTP_TOKEN_FILE: tokenFile },
      }),
      await runCli(['plan', '--synth-dir', synthDir, '--json'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['plan', '--synth-dir', synthDir, '--markdown'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'], { env: { CONSUL_HTTP_TOKEN: READ_ONLY } }),
      await runCli(['plan', '--synth-dir', synthDir], { env: { CONSUL_HTTP_TOKEN: `${TOKEN}-wrong` } }),
      await runCli(['apply', planFile, '--synth-dir', synthDir], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
      await runCli(['drift', '--synth-dir', synthDir, '--json'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
    ];
    outputs.push(...runs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(planFile, 'utf8'));
  });
  afterAll(() => sim.close());

  it('the runs really used the tokens (the file wins over the variable)', () => {
    const tokens = new Set(sim.requests.map((r) => r.headers['x-consul-token']));
    expect(tokens).toEqual(new Set([TOKEN, READ_ONLY, `${TOKEN}-wrong`]));
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(3);
  });

  it.each([TOKEN, READ_ONLY])('no output holds %s in raw, base64 or hex form', (secret) => {
    for (const output of outputs) {
      for (const form of leakForms(secret)) expect(output).not.toContain(form);
    }
  });
});

describe('NOMAD_TOKEN and tokens quoted by a server never appear in any output', () => {
  const NOMAD_SECRET = '9a8b7c6d-1111-4222-8333-444455556666';
  const outputs: string[] = [];
  let consul: Simulator;
  let nomad: NomadSimulator;

  beforeAll(async () => {
    consul = await startSimulator();
    nomad = await startNomadSimulator({
      regions: [{ name: 'eu' }],
      acl: { enabled: true, tokens: [{ secret: NOMAD_SECRET, type: 'client', capabilities: ['operator:read'] }] },
    });
    const nomadDir = writeSynthDir(
      [
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: nomad.url, region: 'eu' },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
        },
      ],
      '',
    );
    const consulDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], consul.address);
    nomad.faults.failNext(3, {
      status: 500,
      body: `rpc error: token ${NOMAD_SECRET} (${Buffer.from(NOMAD_SECRET).toString('base64')}) expired`,
    });
    consul.faults.failNext(3, { status: 500, body: `rpc error: ACL ${TOKEN} lookup failed` });
    const runs = [
      await runCli(['plan', '--synth-dir', nomadDir], { env: { NOMAD_TOKEN: NOMAD_SECRET } }),
      await runCli(['apply', '--synth-dir', nomadDir, '--auto-approve'], { env: { NOMAD_TOKEN: NOMAD_SECRET } }),
      await runCli(['status', '--synth-dir', nomadDir, '--json'], { env: { NOMAD_TOKEN: NOMAD_SECRET } }),
      await runCli(['plan', '--synth-dir', consulDir, '--json'], { env: { CONSUL_HTTP_TOKEN: TOKEN } }),
    ];
    outputs.push(...runs.flatMap((r) => [r.stdout, r.stderr]));
  });
  afterAll(async () => {
    await consul.close();
    await nomad.close();
  });

  it('the runs sent the tokens and saw the failures', () => {
    expect(nomad.requests.some((r) => r.headers['x-nomad-token'] === NOMAD_SECRET)).toBe(true);
    expect(outputs.join('\n')).toContain(`rpc error: token ${fingerprint(NOMAD_SECRET)}`);
    expect(outputs.join('\n')).toContain(`rpc error: ACL ${fingerprint(TOKEN)} lookup failed`);
  });

  it.each([NOMAD_SECRET, TOKEN])('no output holds %s in raw, base64 or hex form', (secret) => {
    for (const output of outputs) {
      for (const form of leakForms(secret)) expect(output).not.toContain(form);
    }
  });
});

describe('CONSUL_HTTP_AUTH and NOMAD_HTTP_AUTH: basic authentication for a proxy, sent and never shown', () => {
  const CONSUL_AUTH = 'ops:consul-proxy-pass-5521';
  const NOMAD_AUTH = 'ops:nomad-proxy-pass-7730';
  const outputs: string[] = [];
  let consul: Simulator;
  let nomad: NomadSimulator;

  beforeAll(async () => {
    consul = await startSimulator();
    nomad = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    const dir = writeSynthDir(
      [
        { name: 'dc1', autopilot: { min_quorum: 3 } },
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: nomad.url, region: 'eu' },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
        },
      ],
      consul.address,
    );
    // A proxy that quotes the header back, in every form, must not make opstack print it.
    const quoted = (auth: string) =>
      `proxy: bad Authorization: Basic ${Buffer.from(auth).toString('base64')} (${auth})`;
    consul.faults.failNext(3, { status: 500, body: quoted(CONSUL_AUTH) });
    nomad.faults.failNext(3, { status: 500, body: quoted(NOMAD_AUTH) });
    const env = { CONSUL_HTTP_AUTH: CONSUL_AUTH, NOMAD_HTTP_AUTH: NOMAD_AUTH, OPSTACK_LOG: 'debug' };
    const runs = [
      await runCli(['plan', '--synth-dir', dir], { env }),
      await runCli(['apply', '--synth-dir', dir, '--auto-approve'], { env }),
      await runCli(['status', '--synth-dir', dir, '--json'], { env }),
    ];
    outputs.push(...runs.flatMap((r) => [r.stdout, r.stderr]));
  });
  afterAll(async () => {
    await consul.close();
    await nomad.close();
  });

  it('every request carries Authorization: Basic, as the Go clients send it', () => {
    const basic = (auth: string) => `Basic ${Buffer.from(auth).toString('base64')}`;
    expect(consul.requests.length).toBeGreaterThan(3);
    expect(new Set(consul.requests.map((r) => r.headers.authorization))).toEqual(new Set([basic(CONSUL_AUTH)]));
    expect(new Set(nomad.requests.map((r) => r.headers.authorization))).toEqual(new Set([basic(NOMAD_AUTH)]));
    expect(consul.requests.some((r) => r.method === 'PUT' && r.path === '/v1/operator/autopilot/configuration')).toBe(
      true,
    );
  });

  it.each([CONSUL_AUTH, NOMAD_AUTH, 'consul-proxy-pass-5521', 'nomad-proxy-pass-7730'])(
    'no output holds %s in raw, base64 or hex form',
    (secret) => {
      expect(outputs.join('\n')).toContain('proxy: bad Authorization: Basic sha256:');
      for (const output of outputs) {
        for (const form of leakForms(secret)) expect(output).not.toContain(form);
      }
    },
  );

  it('a value with a control character is refused before any request', async () => {
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], consul.address);
    consul.clearRequests();
    const result = await runCli(['plan', '--synth-dir', dir], { env: { CONSUL_HTTP_AUTH: 'ops:pass\nword-1234' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONSUL_HTTP_AUTH holds control characters.');
    expect(result.stderr).not.toContain('word-1234');
    expect(consul.requests).toEqual([]);
  });
});

describe('what the cdktf app writes: temporary synth directories, secrets in its output, its manifest', () => {
  const APP_TOKEN = 'b1e2c3d4-5555-4666-8777-app0token000';
  let work: string;
  beforeAll(() => {
    work = tempDir('app');
  });

  /** A cdktf app (a Node script) that writes one stack, with `provider` as its Consul provider block. */
  function app(name: string, provider: Record<string, unknown>, after = ''): string {
    const stack = { provider: { consul: [provider] }, resource: { consul_autopilot_config: { a: { min_quorum: 3 } } } };
    const script = join(work, `${name}.mjs`);
    writeFileSync(
      script,
      [
        "import { mkdirSync, writeFileSync } from 'node:fs';",
        'const out = process.env.CDKTF_OUTDIR;',
        "mkdirSync(out + '/stacks/dc1', { recursive: true });",
        `writeFileSync(out + '/stacks/dc1/cdk.tf.json', ${JSON.stringify(JSON.stringify(stack))});`,
        `writeFileSync(out + '/manifest.json', JSON.stringify({ stacks: ` +
          `{ dc1: { synthesizedStackPath: 'stacks/dc1/cdk.tf.json' } } }));`,
        after,
      ].join('\n'),
    );
    return `${JSON.stringify(process.execPath)} ${script}`;
  }

  it('a provider-block token is refused; plan removes its temporary copy, and says so', async () => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const result = await runBinary(
      ['plan', '--app', app('token', { address: '127.0.0.1:1', datacenter: 'dc1', token: APP_TOKEN })],
      { TMPDIR: tmp },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The provider block holds a secret ("token")');
    expect(result.stderr).toContain('opstack has deleted its temporary copy');
    expect(readdirSync(tmp)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(APP_TOKEN);
  });

  it('synth --output keeps the directory and names the file that holds the token in clear', async () => {
    const out = join(work, 'cdktf.out');
    const result = await runCli([
      'synth',
      '--app',
      app('token-synth', { address: '127.0.0.1:1', datacenter: 'dc1', token: APP_TOKEN }),
      '--output',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The app wrote that secret in clear to ${join(out, 'stacks', 'dc1', 'cdk.tf.json')}: delete it`,
    );
    expect(result.stdout + result.stderr).not.toContain(APP_TOKEN);
  });

  it(
    'an app that fails after writing its stacks leaves ' + 'no temporary directory, and its output is redacted',
    async () => {
      const tmp = mkdtempSync(join(work, 'tmp-'));
      const failing = app(
        'fails',
        { address: '127.0.0.1:1', datacenter: 'dc1' },
        `console.error('using token ' + process.env.CONSUL_HTTP_TOKEN); process.exit(3);`,
      );
      const result = await runBinary(['plan', '--app', failing], { TMPDIR: tmp, CONSUL_HTTP_TOKEN: APP_TOKEN });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('exited with 3');
      expect(result.stderr).toContain(`using token ${fingerprint(APP_TOKEN)}`);
      expect(readdirSync(tmp)).toEqual([]);
    },
  );

  it('an app that hangs is stopped after --synth-timeout with every process it started', async () => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const pidFile = join(work, 'grandchild.pid');
    const hanging = app(
      'hangs',
      { address: '127.0.0.1:1', datacenter: 'dc1' },
      [
        "import { spawn } from 'node:child_process';",
        "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        `writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const result = await runBinary(['plan', '--app', hanging, '--synth-timeout', '2s'], { TMPDIR: tmp });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('did not finish within 2s; it was stopped with every process it started');
    expect(await diesSoon(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('an app that writes no stacks is an error, not "No changes"', async () => {
    const script = join(work, 'empty.mjs');
    writeFileSync(
      script,
      "import { writeFileSync } from 'node:fs'; " +
        "writeFileSync(process.env.CDKTF_OUTDIR + '/manifest.json', '{\"stacks\":{}}');",
    );
    const result = await runCli(['plan', '--app', `${JSON.stringify(process.execPath)} ${script}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('produced no stacks');
  });

  it('a manifest path that leaves the synth directory is refused without reading or echoing the file', async () => {
    const dir = mkdtempSync(join(work, 'out-'));
    writeFileSync(join(work, 'token.txt'), APP_TOKEN);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ stacks: { dc1: { synthesizedStackPath: '../token.txt' } } }),
    );
    const result = await runCli(['plan', '--synth-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has a synthesizedStackPath that leaves the output directory ("../token.txt")');
    expect(result.stdout + result.stderr).not.toContain(APP_TOKEN.slice(0, 8));
  });

  it('a stack file that is not JSON is refused without quoting it', async () => {
    const dir = mkdtempSync(join(work, 'out-'));
    mkdirSync(join(dir, 'stacks', 'dc1'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'dc1', 'cdk.tf.json'), `{"provider": ${APP_TOKEN}}`);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: { dc1: {} } }));
    const result = await runCli(['plan', '--synth-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cdk.tf.json cannot be used: it is not valid JSON');
    expect(result.stdout + result.stderr).not.toContain(APP_TOKEN.slice(0, 4));
  });
});
