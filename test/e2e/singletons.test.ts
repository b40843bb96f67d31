import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { tempDir } from '../support/temp-dir.js';

let consul: Simulator;
beforeAll(async () => {
  consul = await startSimulator();
});
afterAll(async () => {
  await consul.close();
});

/** Simulators and proxies a test started, closed after it (last first). */
const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close();
});
const keep = <T extends { close(): Promise<void> }>(server: T): T => (started.push(server), server);

const port = () => consul.address.split(':')[1];

describe('a singleton is keyed by the cluster, not by how its address is spelled', () => {
  it.each([
    ['with a scheme', () => `http://127.0.0.1:${port()}`],
    ['as localhost', () => `localhost:${port()}`],
    ['with a trailing slash and an upper-case scheme', () => `HTTP://localhost:${port()}/`],
    ['as another loopback address', () => `127.0.0.2:${port()}`],
    ['left to CONSUL_HTTP_ADDR', () => undefined],
  ])(
    '%s: two autopilot configurations of dc1 are refused, naming both, before any request',
    async (_name, spelling) => {
      consul.clearRequests();
      const other = spelling();
      const synthDir = writeSynthDir(
        [
          { name: 'a', provider: { address: consul.address, datacenter: 'dc1' }, autopilot: { min_quorum: 3 } },
          {
            name: 'b',
            provider: { ...(other === undefined ? {} : { address: other }), datacenter: 'dc1' },
            autopilot: { min_quorum: 5 },
          },
        ],
        consul.address,
      );
      const result = await runCli(['plan', '--synth-dir', synthDir], { env: { CONSUL_HTTP_ADDR: consul.address } });
      expect(result.code).toBe(1);
      const spelled = other === undefined ? 'the CONSUL_HTTP_ADDR default' : `"${other}"`;
      expect(result.stderr).toContain(
        'Two autopilot configurations for datacenter "dc1": a/autopilot and b/autopilot ' +
          `("${consul.address}" and ${spelled} both reach http://127.0.0.1:${port()}).`,
      );
      expect(result.stderr).toContain('on b/autopilot');
      expect(consul.requests).toEqual([]);
    },
  );

  it('another port is another agent: both plan', async () => {
    const synthDir = writeSynthDir(
      [
        { name: 'a', provider: { address: consul.address, datacenter: 'dc1' }, autopilot: { min_quorum: 3 } },
        { name: 'b', provider: { address: '127.0.0.1:1', datacenter: 'dc1' }, autopilot: { min_quorum: 5 } },
      ],
      consul.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir, '--http-timeout', '2000']);
    expect(result.stderr).not.toContain('Two autopilot configurations');
  });

  it('Nomad: the default address and http://localhost:4646 are one endpoint', async () => {
    const synthDir = writeSynthDir(
      [
        {
          name: 'n1',
          product: 'nomad',
          provider: { address: 'http://localhost:4646' },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 1 } } },
        },
        {
          name: 'n2',
          product: 'nomad',
          provider: {},
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
        },
      ],
      '',
    );
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Two Nomad autopilot configurations');
    expect(result.stderr).toContain(
      '("http://localhost:4646" and the NOMAD_ADDR default both reach http://127.0.0.1:4646)',
    );
  });
});

describe('a Nomad gossip keyring is one per agent, whatever the region (nomad-operator-api.md §3.8)', () => {
  it("two regions' keyrings at one address are refused, naming both, before any request", async () => {
    const nomad = await startNomadSimulator({ regions: [{ name: 'eu' }, { name: 'us' }] });
    try {
      const keyring = { opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'K' }] } } };
      const synthDir = writeSynthDir(
        [
          { name: 'eu', product: 'nomad', provider: { address: nomad.url, region: 'eu' }, resources: keyring },
          { name: 'us', product: 'nomad', provider: { address: nomad.url, region: 'us' }, resources: keyring },
        ],
        '',
      );
      const result = await runCli(['plan', '--synth-dir', synthDir], { env: { K: DEFAULT_GOSSIP_KEY } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Two Nomad gossip keyrings for one federation: eu/keyring and us/keyring.');
      expect(nomad.requests).toEqual([]);
    } finally {
      await nomad.close();
    }
  });
});

describe('a Nomad gossip keyring through two addresses: the servers tell (nomad-operator-api.md §3.8, §3.5)', () => {
  const keyringAt = (name: string, address: string, region: string) => ({
    name,
    product: 'nomad' as const,
    provider: { address, region },
    resources: { opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'K' }] } } },
  });
  const env = { K: DEFAULT_GOSSIP_KEY };

  it('eu at the agent and us through a proxy are one federation: both refused, nothing written', async () => {
    const nomad = await startNomadSimulator({ regions: [{ name: 'eu' }, { name: 'us', servers: 2 }] });
    const proxy = await startTcpProxy(nomad.address);
    started.push(nomad, proxy);
    const synthDir = writeSynthDir(
      [keyringAt('eu', nomad.url, 'eu'), keyringAt('us', `http://${proxy.address}`, 'us')],
      '',
    );
    const result = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir], { env });
    expect(result.code).toBe(1);
    const pair = bothAt(nomad, proxy, 'eu/keyring', 'us/keyring');
    const refusal =
      `Two Nomad gossip keyrings for one federation: ${pair} ` +
      'reach the same servers (2 raft server IDs in common).';
    expect((result.stdout + result.stderr).split(refusal).length - 1).toBe(2);
    expect(nomad.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it("two federations (the first agent has no path to the second one's region): both plan", async () => {
    const one = await startNomadSimulator({ regions: [{ name: 'eu' }] });
    const two = await startNomadSimulator({ regions: [{ name: 'us' }] });
    started.push(one, two);
    const synthDir = writeSynthDir([keyringAt('eu', one.url, 'eu'), keyringAt('us', two.url, 'us')], '');
    const result = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(one.requests.map((r) => `${r.path}?region=${r.query.region}`)).toContain(
      '/v1/operator/autopilot/health?region=us',
    );
  });
});

describe('two addresses of one cluster: the live read tells (consul-operator-api.md §4.6, nomad §3.5)', () => {
  const writesTo = (sim: Simulator | NomadSimulator) =>
    withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET');
  const CONFIG_AND_HEALTH_TWICE = ['configuration', 'configuration', 'health', 'health'].map(
    (what) => `GET /v1/operator/autopilot/${what}?dc=dc1`,
  );
  const autopilotAt = (a: string, b: string, dc2 = 'dc1', settings?: Record<string, unknown>): string =>
    writeSynthDir(
      [
        { name: 'a', provider: { address: a, datacenter: 'dc1' }, autopilot: settings ?? { min_quorum: 3 } },
        { name: 'b', provider: { address: b, datacenter: dc2 }, autopilot: settings ?? { min_quorum: 5 } },
      ],
      a,
    );

  it('Consul: an agent and a proxy in front of it reach the same servers: plan refuses both, naming both', async () => {
    const sim = keep(await startSimulator());
    const proxy = keep(await startTcpProxy(sim.address));
    const result = await runCli(['plan', '--synth-dir', autopilotAt(sim.address, proxy.address)]);
    expect(result.code).toBe(1);
    const refusal =
      `Two autopilot configurations for datacenter "dc1": ${bothAt(sim, proxy)} ` +
      'reach the same servers (3 raft server IDs in common).';
    expect(result.stdout + result.stderr).toContain(refusal);
    expect((result.stdout + result.stderr).split(refusal).length - 1).toBe(2); // once for each stack
    expect(result.stdout).not.toContain('min_quorum');
    // The reads each stack makes anyway (a MinQuorum change reads health for its risk note) tell:
    // no extra request.
    expect(sim.requests.map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`).sort()).toEqual(CONFIG_AND_HEALTH_TWICE);
  });

  it('Consul: apply refuses the pair too, and writes nothing (not even its lock)', async () => {
    const sim = keep(await startSimulator());
    const proxy = keep(await startTcpProxy(sim.address));
    const result = await runCli(['apply', '--auto-approve', '--synth-dir', autopilotAt(sim.address, proxy.address)]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('reach the same servers (3 raft server IDs in common)');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(0);
  });

  it('Consul: two clusters both called dc1 are two clusters (no raft server ID in common): both plan', async () => {
    const one = keep(
      await startSimulator({
        datacenters: [{ name: 'dc1', servers: [{ name: 'x', id: '11111111-2222-4333-8444-555555555555' }] }],
      }),
    );
    const two = keep(await startSimulator());
    const result = await runCli(['apply', '--auto-approve', '--synth-dir', autopilotAt(one.address, two.address)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect([one.consul('dc1').autopilotConfig().MinQuorum, two.consul('dc1').autopilotConfig().MinQuorum]).toEqual([
      3, 5,
    ]);
  });

  it('Consul: where the reads list no servers, one autopilot health read per address tells', async () => {
    const sim = keep(await startSimulator());
    const proxy = keep(await startTcpProxy(sim.address));
    const result = await runCli([
      'plan',
      '--synth-dir',
      autopilotAt(sim.address, proxy.address, 'dc1', { last_contact_threshold: '1s' }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('reach the same servers (3 raft server IDs in common)');
    expect(sim.requests.map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`).sort()).toEqual(CONFIG_AND_HEALTH_TWICE);
  });

  it('Consul: one address, two datacenters are two objects: no extra read', async () => {
    const sim = keep(await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }));
    const result = await runCli([
      'plan',
      '--synth-dir',
      autopilotAt(sim.address, sim.address, 'dc2', { last_contact_threshold: '1s' }),
    ]);
    expect(result.code).toBe(0);
    expect(sim.requests.map((r) => r.path)).not.toContain('/v1/operator/autopilot/health');
  });

  it("a saved plan is checked again at apply: a proxy now reaching the other stack's servers is refused", async () => {
    const sim = keep(await startSimulator());
    const shared = sim.consul('dc1').servers()[0]!.id;
    const x = { name: 'x', id: '11111111-2222-4333-8444-555555555555' };
    const other = keep(await startSimulator({ datacenters: [{ name: 'dc1', servers: [x] }] }));
    const moved = keep(
      await startSimulator({ datacenters: [{ name: 'dc1', servers: [x, { name: 'y', id: shared }] }] }),
    );
    const proxy = keep(await startTcpProxy(other.address));
    const synthDir = autopilotAt(sim.address, proxy.address);
    const planFile = join(tempDir('shared'), 'plan.json');
    expect((await runCli(['plan', '--synth-dir', synthDir, '--out', planFile])).code).toBe(0);
    proxy.retarget(moved.address);
    const result = await runCli(['apply', planFile, '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Refusing the saved plan: Two autopilot configurations for datacenter "dc1": ${bothAt(sim, proxy)} ` +
        'reach the same servers (1 raft server ID in common). Nothing was written.',
    );
    expect([sim, other, moved].flatMap((s) => s.requests).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('Nomad: no region, and "global" through a proxy, reach one region: both refused', async () => {
    const nomad = keep(await startNomadSimulator());
    const proxy = keep(await startTcpProxy(nomad.address));
    const synthDir = writeSynthDir(
      [
        {
          name: 'n1',
          product: 'nomad',
          provider: { address: nomad.address },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 1 } } },
        },
        {
          name: 'n2',
          product: 'nomad',
          provider: { address: `http://${proxy.address}`, region: 'global' },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
        },
      ],
      '',
    );
    const result = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Two Nomad autopilot configurations for the agent's region: " +
        `${bothAt(nomad, proxy, 'n1/autopilot', 'n2/autopilot')} ` +
        'reach the same servers (3 raft server IDs in common).',
    );
    expect(writesTo(nomad)).toEqual([]);
  });
});

describe('one gossip keyring per WAN federation (consul-operator-api.md §4.4: keyring calls reach every pool)', () => {
  const keyringIn = (name: string, address: string, datacenter: string) => ({
    name,
    provider: { address, datacenter },
    resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'GOSSIP_KEY' }] } } },
  });
  const env = { GOSSIP_KEY: DEFAULT_GOSSIP_KEY };

  it('keyrings in dc1 and dc2 behind one address: both refused, before any write, with no extra read', async () => {
    const sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    started.push(sim);
    const synthDir = writeSynthDir(
      [keyringIn('east', sim.address, 'dc1'), keyringIn('west', sim.address, 'dc2')],
      sim.address,
    );
    const result = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir], { env });
    expect(result.code).toBe(1);
    const refusal =
      `Two gossip keyrings for the same gossip pools: ${keyrings(sim, sim)} ` + 'both reach WAN, dc1 LAN, dc2 LAN.';
    expect((result.stdout + result.stderr).split(refusal).length - 1).toBe(2);
    expect(result.stdout + result.stderr).toContain('Declare the keyring once per WAN federation');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    // The keyring and failed-server reads of each stack; the shared address needs no identity read.
    expect(sim.requests.filter((r) => r.path === '/v1/operator/autopilot/health').length).toBe(2);
  });

  it('through two addresses, the raft servers of a datacenter both reads list decide: refused', async () => {
    const sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    const proxy = await startTcpProxy(sim.address);
    started.push(sim, proxy);
    const synthDir = writeSynthDir(
      [keyringIn('east', sim.address, 'dc1'), keyringIn('west', proxy.address, 'dc2')],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${keyrings(sim, proxy)} both reach WAN, dc1 LAN, dc2 LAN.`);
    const identityReads = sim.requests.filter(
      (r) => r.path === '/v1/operator/autopilot/health' && r.query.stale === undefined,
    );
    expect(identityReads.map((r) => r.query.dc)).toEqual(['dc1', 'dc1']);
  });

  it('a token that may not read autopilot health cannot tell two addresses apart: both refused', async () => {
    const token = '0b5e8f2a-1111-4222-8333-keyringonly1';
    const sim = await startSimulator({
      datacenters: [{ name: 'dc1' }, { name: 'dc2' }],
      acl: { enabled: true, tokens: [{ secret: token, permissions: ['keyring:read'] }] },
    });
    const proxy = await startTcpProxy(sim.address);
    started.push(sim, proxy);
    const synthDir = writeSynthDir(
      [keyringIn('east', sim.address, 'dc1'), keyringIn('west', proxy.address, 'dc2')],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env: { ...env, CONSUL_HTTP_TOKEN: token } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot tell whether ${keyrings(sim, proxy)} declare the same object: `);
    expect(result.stderr).toContain('the token needs operator:read');
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('two federations that share datacenter names are two federations: both plan', async () => {
    const one = await startSimulator({
      datacenters: [{ name: 'dc1', servers: [{ name: 'x', id: '11111111-2222-4333-8444-555555555555' }] }],
    });
    const two = await startSimulator();
    started.push(one, two);
    const synthDir = writeSynthDir(
      [keyringIn('east', one.address, 'dc1'), keyringIn('west', two.address, 'dc1')],
      one.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('without a WAN pool (serf_wan = -1) the keyring ignores ?dc: two stacks at one agent share its LAN', async () => {
    const sim = await startSimulator({
      datacenters: [
        { name: 'dc1', gossip: { wan: false } },
        { name: 'dc2', gossip: { wan: false } },
      ],
    });
    started.push(sim);
    const synthDir = writeSynthDir(
      [keyringIn('east', sim.address, 'dc1'), keyringIn('west', sim.address, 'dc2')],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${keyrings(sim, sim)} both reach dc1 LAN.`);
  });

  it('datacenters with no WAN pool, each behind its own agent, have a keyring each: both plan', async () => {
    const one = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { wan: false } }] });
    const two = await startSimulator({ datacenters: [{ name: 'dc2', gossip: { wan: false } }] });
    started.push(one, two);
    const synthDir = writeSynthDir(
      [keyringIn('east', one.address, 'dc1'), keyringIn('west', two.address, 'dc2')],
      one.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

/** How a refusal names two declarations: `a/autopilot (at http://…) and b/autopilot (at http://…)`. */
function bothAt(a: { address: string }, b: { address: string }, first = 'a/autopilot', second = 'b/autopilot'): string {
  return `${first} (at http://${a.address}) and ${second} (at http://${b.address})`;
}

function keyrings(a: { address: string }, b: { address: string }): string {
  return bothAt(a, b, 'east/keyring', 'west/keyring');
}
