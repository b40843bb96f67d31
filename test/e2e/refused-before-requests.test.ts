import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';

const CANONICAL = Buffer.alloc(16, 1).toString('base64'); // AQEBAQEBAQEBAQEBAQEBAQ==

/**
 * Bad input of every kind is refused with a clear message before any request to any cluster:
 * a second, valid stack against the same simulator proves that nothing was sent first.
 */
const sim: Simulator = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });

describe('input refused before any request', () => {
  afterAll(() => sim.close());

  const good = (): FixtureStack => ({ name: 'dc1', autopilot: { min_quorum: 3 } });
  const bad = (stack: Partial<FixtureStack>): FixtureStack => ({ name: 'dc2', ...stack });
  const provider = (extra: Record<string, unknown>) => ({
    provider: { address: sim.address, datacenter: 'dc2', ...extra },
    autopilot: { min_quorum: 3 },
  });
  const twice = { id: '0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' };
  const peers2 = () => ({ resources: { opstack_raft_peers_absent: { gone: { peers: [twice, twice] } } } });
  const peers = (entry: Record<string, string>) => ({
    resources: { opstack_raft_peers_absent: { gone: { peers: [entry] } } },
  });

  it.each([
    [
      'a gossip key with padding bits set',
      bad({ resources: { opstack_consul_gossip_keyring: { k: { keys: [{ env: 'KEY' }] } } } }),
      {},
      [],
      'env:KEY: the value is not canonical base64',
    ],
    [
      'a gossip key entry with a field besides env (the key in clear)',
      bad({
        resources: {
          opstack_consul_gossip_keyring: { k: { keys: [{ env: 'KEY', value: 'AQEBAQEBAQEBAQEBAQEBAR==' }] } },
        },
      }),
      {},
      [],
      'keys[0] has a field "value" opstack does not read',
    ],
    [
      'min_quorum 1e20',
      bad({ autopilot: { min_quorum: 1e20 } }),
      {},
      [],
      'min_quorum: 100000000000000000000 is outside a Go uint',
    ],
    ['max_trailing_logs 2^64', bad({ autopilot: { max_trailing_logs: 2 ** 64 } }), {}, [], 'is outside a Go uint64'],
    [
      'max_trailing_logs 9007199254740993',
      bad({ autopilot: { max_trailing_logs: 9007199254740993 } }),
      {},
      [],
      'is no longer read exactly',
    ],
    [
      'credentials in the address',
      bad(provider({ address: 'http://admin:hunter22@127.0.0.1:1' })),
      {},
      [],
      'holds credentials (user:password@)',
    ],
    [
      'an address with a terminal escape in it, shown escaped',
      bad(provider({ address: '127.0.0.1\u001b[2J:8500' })),
      {},
      [],
      '"127.0.0.1\\u001b[2J:8500" has no valid host name',
    ],
    ['an unsupported scheme', bad(provider({ address: 'ftp://127.0.0.1:21' })), {}, [], 'unsupported scheme "ftp"'],
    ['a port out of range', bad(provider({ address: '127.0.0.1:70000' })), {}, [], 'has port "70000"'],
    [
      'a missing ca_file',
      bad(provider({ ca_file: '/nonexistent/ca.pem' })),
      {},
      [],
      'Cannot read the CA certificate file /nonexistent/ca.pem',
    ],
    [
      'cert_file without key_file',
      bad(provider({ cert_file: '/nonexistent/cert.pem' })),
      {},
      [],
      'needs both a certificate and a key file',
    ],
    [
      'CONSUL_HTTP_SSL=maybe',
      bad(provider({})),
      { CONSUL_HTTP_SSL: 'maybe' },
      [],
      'CONSUL_HTTP_SSL="maybe" is not a boolean',
    ],
    [
      'CONSUL_HTTP_SSL_VERIFY=maybe',
      bad(provider({})),
      { CONSUL_HTTP_SSL_VERIFY: 'maybe' },
      [],
      'CONSUL_HTTP_SSL_VERIFY="maybe" is not a boolean',
    ],
    ['a raft peer ID that is no UUID', bad(peers({ id: 'not-a-uuid' })), {}, [], '"not-a-uuid" is not a raft ID'],
    ['a raft peer ID with a query in it', bad(peers({ id: 'x&id=y' })), {}, [], '"x&id=y" is not a raft ID'],
    [
      'a raft peer address with one bracket',
      bad(peers({ address: '[10.0.0.1:8300' })),
      {},
      [],
      '"[10.0.0.1:8300" is not a raft address',
    ],
    ['a raft peer listed twice', bad(peers2()), {}, [], 'peers[1]: the same peer as peers[0]; list each once'],
    [
      'a token a header cannot carry',
      bad(provider({})),
      { CONSUL_HTTP_TOKEN: 'tok\nen-secret-9f2c' },
      [],
      'CONSUL_HTTP_TOKEN holds characters an HTTP header cannot carry',
    ],
    [
      '--out in a directory that does not exist',
      bad(provider({})),
      {},
      ['--out', '/nonexistent/dir/plan.json'],
      'The plan cannot be saved to "/nonexistent/dir/plan.json" (no such directory)',
    ],
    [
      '--out naming a directory',
      bad(provider({})),
      {},
      ['--out', tmpdir()],
      `The plan cannot be saved to ${JSON.stringify(tmpdir())} (it is a directory)`,
    ],
    [
      '--out with an empty file name',
      bad(provider({})),
      {},
      ['--out', ''],
      'The plan cannot be saved to "" (no file name)',
    ],
    // Without a value yargs kept the default: --out planned without saving, --http-timeout was 15s.
    ...['--out', '--http-timeout', '--synth-timeout', '--log-level'].map(
      (option) =>
        [
          `${option} without a value`,
          bad(provider({})),
          {},
          [option],
          `Not enough arguments following: ${option.slice(2)}`,
        ] as const,
    ),
    [
      '--synth-timeout that is no duration, with --synth-dir',
      bad(provider({})),
      {},
      ['--synth-timeout', 'x'],
      '--synth-timeout "x" is not a Go duration from 1ms to 24h',
    ],
    ...['abc', '-1', '0', '1.5', '1e12', '1000h'].map(
      (value) =>
        [
          `--http-timeout ${value}`,
          bad(provider({})),
          {},
          ['--http-timeout', value],
          `--http-timeout ${JSON.stringify(value)} is not a Go duration from 1ms to 24h`,
        ] as const,
    ),
  ] as const)('%s', async (_name, stack, env, flags, message) => {
    sim.clearRequests();
    const synthDir = writeSynthDir([good(), stack], sim.address);
    const result = await runCli(['plan', ...flags, '--synth-dir', synthDir], {
      env: { KEY: 'AQEBAQEBAQEBAQEBAQEBAR==', ...env },
    });
    expect(result.code).toBe(1);
    // Once per stack it concerns: an environment variable concerns both.
    const times = Object.keys(env).length > 0 ? 2 : 1;
    expect(result.stderr.split(message).length - 1, 'the error is printed once per stack').toBe(times);
    expect(result.stderr).not.toContain('This is a bug');
    expect(result.stderr).not.toContain('hunter22');
    expect(result.stderr).not.toContain('AQEBAQEBAQEBAQEBAQEBAR');
    expect(result.stderr).not.toContain('en-secret-9f2c');
    expect(result.stderr).not.toContain('\u001b');
    expect(sim.requests).toEqual([]);
  });

  // Each of these once planned the stack away silently ("No changes", or no stack at all), exit 0.
  it.each([
    ['a provider block that is no object', { provider: { consul: [1] } }, 'The consul provider block is not an object'],
    [
      '"resource" as an array',
      { resource: [] },
      '"resource" in stack "dc2" is not an object of named blocks; got an array',
    ],
    ['"resource" as null', { resource: null }, '"resource" in stack "dc2" is not an object of named blocks; got null'],
    [
      'a resource type as an array',
      { resource: { consul_autopilot_config: [{ min_quorum: 3 }] } },
      '"resource.consul_autopilot_config" in stack "dc2" is not an object of named blocks; got an array',
    ],
  ])('Terraform JSON of the wrong shape: %s', async (_name, shape, message) => {
    sim.clearRequests();
    const synthDir = writeSynthDir([good(), bad(provider({}))], sim.address);
    const file = join(synthDir, 'stacks', 'dc2', 'cdk.tf.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...shape }));
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(sim.requests).toEqual([]);
  });

  it('a canonical key in the same place is accepted (the refusal above is about the padding bits)', async () => {
    sim.clearRequests();
    const synthDir = writeSynthDir(
      [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { k: { keys: [{ env: 'KEY' }] } } } }],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env: { KEY: CANONICAL } });
    expect(result.stderr).not.toContain('canonical');
    expect(sim.requests.length).toBeGreaterThan(0);
  });

  it('--app with --synth-dir is refused', async () => {
    const result = await runCli(['plan', '--app', 'true', '--synth-dir', 'cdktf.out']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('mutually exclusive');
  });

  it('a well-formed peer that is not in the configuration is a visible no-op', async () => {
    const synthDir = writeSynthDir(
      [{ name: 'dc1', ...peers({ id: '0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' }) }],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '# dc1/opstack_raft_peers_absent.gone: id 0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4: not a raft peer: nothing to do',
    );
    expect(result.stdout).toContain('No changes.');
  });

  it("a connection problem is reported with the stack's other errors, in the same run", async () => {
    sim.clearRequests();
    const both = bad({ provider: { address: 'ftp://127.0.0.1:21', datacenter: 'dc2' }, autopilot: { min_quorum: -1 } });
    const result = await runCli(['plan', '--synth-dir', writeSynthDir([good(), both], sim.address)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('min_quorum: must not be negative');
    expect(result.stderr).toContain('unsupported scheme "ftp"');
    expect(result.stderr).toContain('The stacks have 2 errors');
    expect(sim.requests).toEqual([]);
  });

  it('a NOMAD_TOKEN a header cannot carry is refused before any request, and never printed', async () => {
    const nomad = await startNomadSimulator();
    try {
      const stack: FixtureStack = {
        name: 'eu',
        product: 'nomad',
        provider: { address: nomad.url },
        resources: { opstack_nomad_autopilot_config: { a: { min_quorum: 3 } } },
      };
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([stack], nomad.url)], {
        env: { NOMAD_TOKEN: 'nomad\u00e9-secret-41aa' },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('NOMAD_TOKEN holds characters an HTTP header cannot carry');
      expect(result.stderr + result.stdout).not.toContain('secret-41aa');
      expect(nomad.requests).toEqual([]);
    } finally {
      await nomad.close();
    }
  });

  it.each(['-5', '1.5', '1e12', 'abc', '60001'])(
    'OPSTACK_RETRY_BACKOFF_MS=%s is refused before any request',
    async (value) => {
      const sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
      try {
        const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
        const result = await runCli(['plan', '--synth-dir', dir], { env: { OPSTACK_RETRY_BACKOFF_MS: value } });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `OPSTACK_RETRY_BACKOFF_MS must be a whole number of milliseconds from 0 to 60000, not "${value}".`,
        );
        expect(sim.requests).toEqual([]);
      } finally {
        await sim.close();
      }
    },
  );

  // Consul lowercases the agent's datacenter and allows only [a-z0-9_-]; any other name cannot exist.
  it.each([
    ['a resource', { name: 'dc1', autopilot: { datacenter: 'dc2&x=y', min_quorum: 3 } }, 'datacenter: "dc2&x=y"'],
    [
      'an area peer',
      { name: 'dc1', resources: { consul_network_area: { a: { peer_datacenter: 'dc 2' } } } },
      'peer_datacenter: "dc 2"',
    ],
  ] satisfies [string, FixtureStack, string][])(
    'a datacenter name Consul cannot have (%s) is refused before any request',
    async (_, stack, shown) => {
      const sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
      try {
        const result = await runCli(['plan', '--synth-dir', writeSynthDir([stack], sim.address)]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `${shown} cannot be a Consul datacenter: Consul allows only letters, digits, - and _ in datacenter names.`,
        );
        expect(sim.requests).toEqual([]);
      } finally {
        await sim.close();
      }
    },
  );

  it('a provider scheme that contradicts its address is refused before any request', async () => {
    const sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    try {
      const provider = { address: `http://${sim.address}`, scheme: 'https', datacenter: 'dc1' };
      const dir = writeSynthDir([{ name: 'dc1', provider, autopilot: { min_quorum: 3 } }], sim.address);
      const result = await runCli(['plan', '--synth-dir', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `The provider block's scheme "https" contradicts its address "http://${sim.address}".`,
      );
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it.each(['CONSUL_TLS_SERVER_NAME', 'NOMAD_TLS_SERVER_NAME'])(
    'a %s that is not a DNS name or IP address is refused before any request',
    async (variable) => {
      const [consul, nomad] = [await startSimulator({ datacenters: [{ name: 'dc1' }] }), await startNomadSimulator()];
      try {
        const stacks: FixtureStack[] = [
          { name: 'dc1', autopilot: { min_quorum: 3 } },
          {
            name: 'eu',
            product: 'nomad',
            provider: { address: nomad.url },
            resources: { opstack_nomad_autopilot_config: { a: { min_quorum: 3 } } },
          },
        ];
        const result = await runCli(['plan', '--synth-dir', writeSynthDir(stacks, consul.address)], {
          env: { [variable]: 'server dc1\u001b[2J' },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`${variable} "server dc1\\u001b[2J" is not a DNS name or an IP address.`);
        expect([...consul.requests, ...nomad.requests]).toEqual([]);
      } finally {
        await Promise.all([consul.close(), nomad.close()]);
      }
    },
  );
});
