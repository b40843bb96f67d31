// `opstack import` (issue 12 item 1): independent simulated clusters with varied settings are read
// with GETs only and written as a stack file that validates, is formatted, and plans "No changes".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runCli } from '../support/cli.js';
import { userProject } from '../support/user-project.js';

const PRIMARY = Buffer.alloc(32, 0x11).toString('base64');
const SECONDARY = Buffer.alloc(32, 0x22).toString('base64');
const PRETTIER = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '.prettierrc.json'), 'utf8'));

let sims: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

/** An Enterprise agent with two datacenters, one area, two gossip keys and clients; settings far from the defaults. */
async function enterprise(): Promise<Simulator> {
  const sim = await startSimulator({
    edition: 'enterprise',
    datacenters: [
      {
        name: 'dc1',
        servers: 5,
        gossip: { keys: [PRIMARY, SECONDARY], clients: 2 },
        autopilot: {
          CleanupDeadServers: false,
          LastContactThreshold: '350ms',
          MaxTrailingLogs: 900,
          MinQuorum: 3,
          ServerStabilizationTime: '45s',
          RedundancyZoneTag: 'zone',
          UpgradeVersionTag: 'build',
        },
      },
      {
        name: 'dc2',
        servers: 3,
        gossip: { keys: [PRIMARY, SECONDARY] },
        autopilot: { DisableUpgradeMigration: true, LastContactThreshold: '1m30s' },
      },
    ],
  });
  sim.consul('dc1').createArea({ peerDatacenter: 'dc2', retryJoin: ['127.0.2.1', '127.0.2.2:8300'], useTls: true });
  sims.push(sim);
  return sim;
}

async function community(): Promise<Simulator> {
  const sim = await startSimulator({ datacenters: [{ name: 'east', servers: 3, gossip: { encrypted: false } }] });
  sims.push(sim);
  return sim;
}

async function nomad(): Promise<NomadSimulator> {
  const sim = await startNomadSimulator({ regions: [{ name: 'eu' }] });
  sim.region('eu').setAutopilotConfig({
    MinQuorum: 2,
    ServerStabilizationTime: '20s',
    EnableCustomUpgrades: true,
    MaxTrailingLogs: 40,
  });
  sims.push(sim);
  return sim;
}

const calls = (sim: Simulator | NomadSimulator) => sim.requests.map((r) => `${r.method} ${r.path}`);
// `--app` is spawned as written, through the user's PATH (npx finds tsx in the project's node_modules).
const PATH = { PATH: process.env.PATH };
const KEYS = { ...PATH, CONSUL_DC1_GOSSIP_KEY_1: PRIMARY, CONSUL_DC1_GOSSIP_KEY_2: SECONDARY };

describe('opstack import', () => {
  it('reads three independent clusters with GETs only, and the stack it writes plans "No changes"', async () => {
    const [ent, ce, nmd] = [await enterprise(), await community(), await nomad()];
    const dir = userProject('import');
    const flags = [
      '--consul-addr',
      ent.address,
      '--datacenter',
      'dc1',
      '--consul-addr',
      ent.address,
      '--datacenter',
      'dc2',
    ];
    const result = await runCli(
      [
        'import',
        ...flags,
        '--consul-addr',
        ce.address,
        '--datacenter',
        'east',
        '--nomad-addr',
        nmd.url,
        '--region',
        'eu',
      ],
      { cwd: dir },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Imported 4 stacks into stacks/imported.ts: dc1, dc2, east, nomad-eu.\n\n' +
        'Before planning, set each gossip key variable to the key with this fingerprint:\n' +
        `  CONSUL_DC1_GOSSIP_KEY_1  ${fingerprint(PRIMARY)} (primary)\n` +
        `  CONSUL_DC1_GOSSIP_KEY_2  ${fingerprint(SECONDARY)}\n\n` +
        'Then check it: opstack plan --app \'npx tsx stacks/imported.ts\'   (it should print "No changes")\n',
    );
    expect(calls(ent).sort()).toEqual([
      'GET /v1/operator/area',
      'GET /v1/operator/area',
      'GET /v1/operator/autopilot/configuration',
      'GET /v1/operator/autopilot/configuration',
      'GET /v1/operator/keyring',
    ]);
    expect(calls(ce).sort()).toEqual([
      'GET /v1/operator/area',
      'GET /v1/operator/autopilot/configuration',
      'GET /v1/operator/keyring',
    ]);
    expect(calls(nmd)).toEqual(['GET /v1/operator/autopilot/configuration']);

    const source = readFileSync(join(dir, 'stacks', 'imported.ts'), 'utf8');
    expect(source).not.toContain(PRIMARY);
    expect(source).not.toContain(SECONDARY);
    expect(await format(source, { ...PRETTIER, parser: 'typescript' })).toBe(source);
    expect(source).toContain(
      [
        `new ConsulProvider(dc1Stack, 'consul', { address: '${ent.url}', datacenter: 'dc1' });`,
        '// Every autopilot field is declared, so opstack manages them all; delete a line to leave that field alone.',
        "new ConsulAutopilotConfig(dc1Stack, 'autopilot', {",
        '  cleanupDeadServers: false, // server default: true',
        "  lastContactThreshold: '350ms', // server default: '200ms'",
        '  maxTrailingLogs: 900, // server default: 250',
        '  minQuorum: 3, // server default: 0',
        "  serverStabilizationTime: '45s', // server default: '10s'",
        "  redundancyZoneTag: 'zone', // server default: ''",
        '  disableUpgradeMigration: false, // server default: false',
        "  upgradeVersionTag: 'build', // server default: ''",
        '});',
        '// Network areas: 1.',
        "new ConsulNetworkArea(dc1Stack, 'area-dc2', {",
        "  peerDatacenter: 'dc2',",
        "  retryJoin: ['127.0.2.1', '127.0.2.2:8300'],",
        '  useTls: true,',
        '});',
        "// To delete every area of 'dc1' not declared above, uncomment:",
        "// new ConsulNetworkAreaOwnership(dc1Stack, 'areas');",
        '// The gossip keyring as 18 nodes in 3 pools hold it, primary first.',
        "new ConsulGossipKeyring(dc1Stack, 'keyring', {",
        '  keys: [',
        `    GossipKey.fromEnv('CONSUL_DC1_GOSSIP_KEY_1'), // ${fingerprint(PRIMARY)}, primary on 18 of 18 nodes`,
        `    GossipKey.fromEnv('CONSUL_DC1_GOSSIP_KEY_2'), // ${fingerprint(SECONDARY)}, installed on 18 of 18 nodes`,
        '  ],',
        '});',
      ].join('\n'),
    );
    expect(source).toContain(
      "// This agent's gossip keyring is declared in stack 'dc1': a keyring write reaches every pool the agent is in.",
    );
    expect(source).toContain(
      '// Consul CE: no network areas (they need Consul Enterprise).\n' +
        '// Gossip encryption is off at this agent, so no keyring is declared.',
    );
    expect(source).toContain(`new NomadProvider(nomadEuStack, 'nomad', { address: '${nmd.url}', region: 'eu' });`);
    expect(source).toContain('  enableCustomUpgrades: true, // server default: false');

    const app = ['--app', 'npx tsx stacks/imported.ts'];
    for (const sim of sims as (Simulator | NomadSimulator)[]) sim.clearRequests();
    // Until the key variables are set, plan fails with the standard missing-reference error and reads nothing.
    const unfilled = await runCli(['plan', ...app], { cwd: dir, env: PATH });
    expect(unfilled.code).toBe(1);
    expect(unfilled.stderr).toContain('the environment variable CONSUL_DC1_GOSSIP_KEY_1 is not set.');
    expect(unfilled.stderr).toContain('the environment variable CONSUL_DC1_GOSSIP_KEY_2 is not set.');
    expect(unfilled.stderr).toContain('The stacks have 2 errors (above); nothing was sent to any cluster.');
    expect([...calls(ent), ...calls(ce), ...calls(nmd)]).toEqual([]);

    const plan = await runCli(['plan', ...app, '--detailed-exitcode'], { cwd: dir, env: KEYS });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    expect([...calls(ent), ...calls(ce), ...calls(nmd)].filter((call) => !call.startsWith('GET '))).toEqual([]);

    const validate = await runCli(['validate', ...app], { cwd: dir, env: KEYS });
    expect(validate).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Valid: stacks/imported.ts type-checks, and the stacks (dc1, dc2, east, nomad-eu) ' +
        'pass every check that needs no cluster.\n',
    });
  });

  it('never overwrites a file, and refuses before any request', async () => {
    const ce = await community();
    const dir = userProject('import-exists');
    const out = join(dir, 'mine.ts');
    writeFileSync(out, '// mine\n');
    const result = await runCli(['import', '--consul-addr', ce.address, '--datacenter', 'east', '--out', 'mine.ts'], {
      cwd: dir,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: mine.ts exists already; opstack import never overwrites a file. Nothing was read.\n' +
        '  Give another file with --out, or move that one away first.\n',
    });
    expect(readFileSync(out, 'utf8')).toBe('// mine\n');
    expect(ce.requests).toEqual([]);
  });

  it.each([
    [
      ['--consul-addr', '127.0.0.1:1'],
      'Error: --consul-addr needs a --datacenter to say which datacenter to import. Nothing was read.\n',
    ],
    [
      ['--datacenter', 'dc1;rm'],
      'Error: --datacenter "dc1;rm" is not a datacenter name: use letters, digits, - and _.\n',
    ],
    [
      ['--consul-addr', 'a:1', '--consul-addr', 'b:2', '--datacenter', 'x', '--datacenter', 'y', '--datacenter', 'z'],
      'Error: 2 --consul-addr for 3 --datacenter: give one address for each, or one for all. Nothing was read.\n',
    ],
    [[], 'Error: Name the clusters to import: nothing was read.\n'],
  ])('refuses %j with a clear message and writes nothing', async (flags, first) => {
    const dir = userProject('import-bad');
    const result = await runCli(['import', ...flags], { cwd: dir, env: { NOMAD_ADDR: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr.startsWith(first)).toBe(true);
    expect(existsSync(join(dir, 'stacks'))).toBe(false);
  });

  it('a cluster that cannot be read fails the import and writes no file', async () => {
    const ce = await community();
    ce.faults.failNext(10, { status: 500, body: 'rpc error: internal' });
    const dir = userProject('import-fail');
    const result = await runCli(['import', '--consul-addr', ce.address, '--datacenter', 'east'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
    expect(existsSync(join(dir, 'stacks'))).toBe(false);
  });

  it('a peer name with code in it cannot be written safely: refused, and no file is written', async () => {
    const sim = await startSimulator({
      edition: 'enterprise',
      datacenters: [{ name: 'dc1', gossip: { encrypted: false } }],
    });
    sims.push(sim);
    sim.consul('dc1').createArea({ peerDatacenter: "dc2');\nprocess.exit(1);//" });
    const dir = userProject('import-hostile');
    const result = await runCli(['import', '--consul-addr', sim.address, '--datacenter', 'dc1'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'GET /v1/operator/area with JSON opstack cannot use: ' +
        'area 1 has no peer datacenter name opstack can write into a stack.',
    );
    expect(result.stderr).not.toContain('process.exit');
    expect(existsSync(join(dir, 'stacks'))).toBe(false);
  });
});
