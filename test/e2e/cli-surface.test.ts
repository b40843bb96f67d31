import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { runBinary, runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const ESC = '\u001b[';
const GOSSIP_KEY = Buffer.alloc(32, 9).toString('base64');

describe('the command line surface', () => {
  let sim: Simulator;
  let synthDir: string;
  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    synthDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
  });
  afterAll(() => sim.close());

  it.each(['synth', 'plan', 'apply', 'drift', 'sim'])(
    '`opstack %s --help` explains the command with an example',
    async (command) => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`opstack ${command}`);
      expect(result.stdout).toContain('Examples:');
    },
  );

  it('an invalid --wait-timeout is refused before any request', async () => {
    sim.clearRequests();
    const result = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', '--wait-timeout', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--wait-timeout "5" is not a Go duration from 1ms to 24h.');
    expect(sim.requests).toEqual([]);
  });

  it('a mistyped command gets one line with the closest command, not the whole help', async () => {
    const result = await runCli(['plna']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: Unknown command "plna". Did you mean plan?\n  Run `opstack --help` for the usage.\n',
    });
  });

  it('a mistyped option gets one line with the closest option, and nothing is read', async () => {
    sim.clearRequests();
    const result = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcod']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: Unknown option --detailed-exitcod. Did you mean ' +
        '--detailed-exitcode?\n  Run `opstack plan --help` for the usage.\n',
    });
    expect(sim.requests).toEqual([]);
  });

  it('an option too far from any known one gets no guess', async () => {
    const result = await runCli(['drift', '--frobnicate']);
    expect(result.stderr).toBe('Error: Unknown option --frobnicate.\n  Run `opstack drift --help` for the usage.\n');
  });

  it('colour only on a terminal, and never with --no-color or NO_COLOR', async () => {
    expect((await runCli(['plan', '--synth-dir', synthDir], { tty: true })).stdout).toContain(ESC);
    expect(
      (await runCli(['plan', '--synth-dir', synthDir], { tty: true, env: { NO_COLOR: '1' } })).stdout,
    ).not.toContain(ESC);
    expect((await runCli(['plan', '--synth-dir', synthDir, '--no-color'], { tty: true })).stdout).not.toContain(ESC);
    expect((await runCli(['plan', '--synth-dir', synthDir])).stdout).not.toContain(ESC);
  });

  // Stack names, resource types, variable names and paths come from files opstack did not write.
  it.each([
    [
      'a stack name (stdout)',
      (address: string) => [
        { name: 'dc1\u001b]0;pwned\u0007', provider: { address, datacenter: 'dc1' }, autopilot: { min_quorum: 3 } },
      ],
      'Stack dc1\\u001b]0;pwned\\u0007: Consul datacenter "dc1"',
    ],
    [
      'a resource type (stderr)',
      () => [{ name: 'dc1', resources: { 'consul_acl\u001b[2J': { a: { x: 1 } } } }],
      'Resource type "consul_acl\\u001b[2J" is not managed by opstack.',
    ],
    [
      'a gossip key variable name (stderr)',
      () => [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { k: { keys: [{ env: 'K\u0000\r' }] } } } }],
      'Gossip key env:K\\u0000\\u000d: the environment variable K\\u0000\\u000d is not set.',
    ],
  ] satisfies [string, (address: string) => FixtureStack[], string][])(
    'a control character in %s is shown escaped, on a terminal too',
    async (_what, stacks, shown) => {
      const dir = writeSynthDir(stacks(sim.address), sim.address);
      for (const tty of [false, true]) {
        const result = await runCli(['plan', '--synth-dir', dir], { tty });
        const output = result.stdout + result.stderr;
        expect(output).toContain(shown);
        expect(output.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
    },
  );

  it('synth refuses a stack whose gossip key reference does not resolve, naming it', async () => {
    const result = await runBinary(['synth', '--output', tempDir('synth-nokey')], { CONSUL_HTTP_ADDR: sim.address });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Gossip key env:CONSUL_GOSSIP_KEY: the environment variable CONSUL_GOSSIP_KEY is not set.',
    );
  });

  it('synth runs the cdktf app from cdktf.json (stacks/main.ts) and lists its stacks', async () => {
    const result = await runBinary(['synth', '--output', tempDir('synth-app')], {
      CONSUL_HTTP_ADDR: sim.address,
      CONSUL_GOSSIP_KEY: GOSSIP_KEY,
      NOMAD_GOSSIP_KEY: GOSSIP_KEY,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dc1: consul_autopilot_config.autopilot');
    expect(result.stdout).toContain('dc2: consul_autopilot_config.autopilot');
    expect(result.stdout).toContain(
      'nomad-eu: nomad_scheduler_config.scheduler, opstack_nomad_autopilot_config.autopilot, ' +
        'opstack_nomad_gossip_keyring.keyring, opstack_raft_peers_absent.dead-servers',
    );
  });

  it('plan runs the app itself when given no --synth-dir (here with --app)', async () => {
    sim.clearRequests();
    const result = await runBinary(['plan', 'dc2', '--app', 'npx tsx stacks/main.ts'], {
      CONSUL_HTTP_ADDR: sim.address,
      CONSUL_GOSSIP_KEY: GOSSIP_KEY,
      NOMAD_GOSSIP_KEY: GOSSIP_KEY,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ min_quorum             = 0 -> 3');
    // MinQuorum changes, so autopilot health is read after the configuration, for the risk notes.
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.query.dc}`)).toEqual([
      'GET /v1/operator/autopilot/configuration dc2',
      'GET /v1/operator/autopilot/health dc2',
    ]);
  });

  it('a failing cdktf app is reported with its output, before any request', async () => {
    sim.clearRequests();
    const result = await runCli(['plan', '--app', 'node -e "throw new Error(\'boom in stack\')"']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('boom in stack');
    expect(sim.requests).toEqual([]);
  });
});
