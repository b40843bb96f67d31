import { describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';

/**
 * A server answer opstack cannot use (a proxy's HTML page, truncated JSON, `null`, fields of the
 * wrong type) is a typed error naming the endpoint, never a crash ("This is a bug", a stack trace)
 * and never a silent default: issue 9, "Server answers that must never crash opstack".
 */
// A simulator per case: reads a failed stack no longer waits for may still arrive after the run,
// and would use up the next case's injected answer.
async function withConsul(work: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ edition: 'enterprise', datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
  await work(sim).finally(() => sim.close());
}

async function withNomad(work: (sim: NomadSimulator) => Promise<void>): Promise<void> {
  const sim = await startNomadSimulator();
  await work(sim).finally(() => sim.close());
}

const KEY = Buffer.alloc(32, 7).toString('base64');
const ABSENT_PEER = { id: '0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4' };

/** One stack that reads every Consul endpoint opstack plans from. */
const consulStack: FixtureStack = {
  name: 'dc1',
  autopilot: { min_quorum: 3 }, // a change to MinQuorum also reads autopilot health
  resources: {
    opstack_consul_gossip_keyring: { ring: { keys: [{ env: 'KEY' }] } },
    opstack_raft_peers_absent: { gone: { peers: [ABSENT_PEER] } },
    consul_network_area: { east: { peer_datacenter: 'dc2' } },
  },
};

const nomadStack = (nomad: NomadSimulator): FixtureStack => ({
  name: 'eu',
  product: 'nomad',
  provider: { address: nomad.url },
  resources: {
    opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } },
    nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } },
    opstack_raft_peers_absent: { gone: { peers: [ABSENT_PEER] } },
  },
});

const BODIES = [
  ['an HTML page (a proxy)', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
  ['truncated JSON', '{"Servers":[{"ID":"0b7e1c2d'],
  ['null', 'null'],
  [
    'fields of the wrong type',
    '{"Servers":[{"ID":7}],"Healthy":"yes","ModifyIndex":"9","MinQuorum":"3","SchedulerConfig":1}',
  ],
  ['a list of an empty object', '[{}]'],
] as const;

const CONSUL_PATHS = [
  '/v1/operator/autopilot/configuration',
  '/v1/operator/autopilot/health',
  '/v1/operator/raft/configuration',
  '/v1/operator/keyring',
  '/v1/operator/area',
] as const;

const NOMAD_PATHS = [
  '/v1/operator/autopilot/configuration',
  '/v1/operator/autopilot/health',
  '/v1/operator/raft/configuration',
  '/v1/operator/scheduler/configuration',
] as const;

/** Every path with every body, but `null` for the area list: Go's nil slice, "no areas", is a good answer. */
const cases = <P extends string>(paths: readonly P[]) =>
  paths.flatMap((path) =>
    BODIES.filter(([, body]) => !(path === '/v1/operator/area' && body === 'null')).map(
      ([what, body]) => [path, what, body] as const,
    ),
  );

type Recorded = readonly { method: string }[];

function expectTypedRefusal(
  result: { code: number; stdout: string; stderr: string },
  path: string,
  requests: Recorded,
) {
  const output = result.stdout + result.stderr;
  expect(result.code).toBe(1);
  expect(output).toMatch(
    new RegExp(`answered GET ${path} with (200 and .*, but it is not valid JSON|JSON opstack cannot use: )`),
  );
  expect(output).not.toContain('This is a bug');
  expect(output).not.toMatch(/\n\s+at /);
  expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
}

describe('a Consul answer opstack cannot use is a typed error naming the endpoint', () => {
  it.each(cases(CONSUL_PATHS))('plan: GET %s answers %s', (path, _what, body) =>
    withConsul(async (consul) => {
      consul.faults.failNext(1, { method: 'GET', path, status: 200, body });
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([consulStack], consul.address)], {
        env: { KEY },
      });
      expectTypedRefusal(result, path, consul.requests);
    }),
  );

  it.each(cases(['/v1/operator/autopilot/health', '/v1/operator/raft/configuration'] as const))(
    'status: GET %s answers %s',
    (path, _what, body) =>
      withConsul(async (consul) => {
        consul.faults.failNext(1, { method: 'GET', path, status: 200, body });
        const result = await runCli([
          'status',
          '--synth-dir',
          writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], consul.address),
        ]);
        expectTypedRefusal(result, path, consul.requests);
      }),
  );

  it('the same stack plans when the answers are good (the refusals above are about the answers)', () =>
    withConsul(async (consul) => {
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([consulStack], consul.address)], {
        env: { KEY },
      });
      expect(result.stdout).toContain('not a raft peer: nothing to do');
      expect(result.stdout).toContain('consul_network_area.east will be created');
      expect(result.code).toBe(0);
    }));
});

describe('a Nomad answer opstack cannot use is a typed error naming the endpoint', () => {
  it.each(cases(NOMAD_PATHS))('plan: GET %s answers %s', (path, _what, body) =>
    withNomad(async (nomad) => {
      nomad.faults.failNext(1, { method: 'GET', path, status: 200, body });
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([nomadStack(nomad)], nomad.url)]);
      expectTypedRefusal(result, path, nomad.requests);
    }),
  );

  it('the same stack plans when the answers are good', () =>
    withNomad(async (nomad) => {
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([nomadStack(nomad)], nomad.url)]);
      expect(result.stdout).toContain('not a raft peer: nothing to do');
      expect(result.code).toBe(0);
    }));
});

// A lock answer that is neither "acquired" nor "held" was read as "Another apply holds the lock".
describe('a lock answer opstack cannot use is a typed error, not "another apply holds the lock"', () => {
  const expectNoLockAnswer = (result: { code: number; stderr: string }, call: string, requests: Recorded) => {
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`answered ${call} with `);
    expect(result.stderr).toContain('which is no answer to a lock request');
    expect(result.stderr).not.toContain('Another apply holds the lock');
    expect(withoutLockCalls(requests as { method: string; path: string }[]).filter((r) => r.method !== 'GET')).toEqual(
      [],
    );
  };

  it.each(BODIES)('Consul PUT /v1/kv/opstack/lock?acquire= answers %s', (_what, body) =>
    withConsul(async (consul) => {
      consul.faults.failNext(1, { method: 'PUT', path: '/v1/kv/opstack/lock', status: 200, body });
      const stack: FixtureStack = { name: 'dc1', autopilot: { min_quorum: 3 } };
      const dir = writeSynthDir([stack], consul.address);
      const result = await runCli(['apply', '--auto-approve', '--synth-dir', dir]);
      expectNoLockAnswer(result, 'PUT /v1/kv/opstack/lock?acquire=', consul.requests);
    }),
  );

  it.each(BODIES)('Nomad PUT /v1/var/opstack/lock?lock-acquire answers %s', (_what, body) =>
    withNomad(async (nomad) => {
      nomad.faults.failNext(1, { method: 'PUT', path: '/v1/var/opstack/lock', status: 200, body });
      const result = await runCli([
        'apply',
        '--auto-approve',
        '--synth-dir',
        writeSynthDir([nomadStack(nomad)], nomad.url),
      ]);
      expectNoLockAnswer(result, 'PUT /v1/var/opstack/lock?lock-acquire', nomad.requests);
    }),
  );
});

// A check-and-set write answered 200 with neither result was read as "the object changed after opstack read it".
describe('a check-and-set answer that is neither result stops apply, and is not called a conflict', () => {
  const expectUnusable = (result: { code: number; stderr: string }, call: string) => {
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${call}&cas=`);
    expect(result.stderr).toContain(' answered 200 with something that is not the check-and-set result, so opstack');
    expect(result.stderr).not.toContain('changed after opstack read it');
    expect(result.stderr).not.toContain('This is a bug');
  };
  // `false` and `{"Updated":false}` are the refusals: every other body is unusable.
  const UNUSABLE = [...BODIES, ["a bare true (Consul's answer, not Nomad's)", 'true']] as const;

  it.each(BODIES)('Consul PUT /v1/operator/autopilot/configuration?cas= answers %s', (_what, body) =>
    withConsul(async (consul) => {
      consul.faults.failNext(1, { method: 'PUT', path: '/v1/operator/autopilot/configuration', status: 200, body });
      const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], consul.address);
      expectUnusable(
        await runCli(['apply', '--auto-approve', '--synth-dir', dir]),
        'PUT /v1/operator/autopilot/configuration?dc=dc1',
      );
    }),
  );

  it.each(UNUSABLE)('Nomad PUT /v1/operator/scheduler/configuration?cas= answers %s', (_what, body) =>
    withNomad(async (nomad) => {
      nomad.faults.failNext(1, { method: 'PUT', path: '/v1/operator/scheduler/configuration', status: 200, body });
      const stack: FixtureStack = {
        name: 'eu',
        product: 'nomad',
        provider: { address: nomad.url },
        resources: { nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } } },
      };
      const result = await runCli(['apply', '--auto-approve', '--synth-dir', writeSynthDir([stack], nomad.url)]);
      expectUnusable(result, 'PUT /v1/operator/scheduler/configuration?region=global');
    }),
  );
});

// Neither agent sends a redirect or a 401 on its API: a proxy did, and asking again changes nothing.
describe('a redirect or a 401 says something in front of the agent answered, and is not retried', () => {
  it.each([
    [302, 'with a redirect (302), which opstack does not follow.', 'redirected the request'],
    [308, 'with a redirect (308), which opstack does not follow.', 'redirected the request'],
    [401, 'with 401 Unauthorized: something in front of the agent wants credentials.', 'Set CONSUL_HTTP_AUTH'],
  ])('Consul GET /v1/operator/autopilot/configuration answers %i', (status, message, hint) =>
    withConsul(async (consul) => {
      consul.faults.failNext(3, { path: '/v1/operator/autopilot/configuration', status, body: 'see elsewhere' });
      const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], consul.address);
      const result = await runCli(['plan', '--synth-dir', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`answered GET /v1/operator/autopilot/configuration ${message}`);
      expect(result.stderr).toContain(hint);
      expect(consul.requests.map((r) => `${r.status} ${r.path}`)).toEqual([
        `${status} /v1/operator/autopilot/configuration`,
      ]);
    }),
  );

  it('Nomad names NOMAD_HTTP_AUTH for a 401', () =>
    withNomad(async (nomad) => {
      nomad.faults.failNext(3, { path: '/v1/operator/autopilot/configuration', status: 401, body: '' });
      const stack: FixtureStack = {
        name: 'eu',
        product: 'nomad',
        provider: { address: nomad.url },
        resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
      };
      const result = await runCli(['plan', '--synth-dir', writeSynthDir([stack], nomad.url)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Set NOMAD_HTTP_AUTH (user:password)');
    }));
});
