import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type RecordedRequest, type Simulator } from '../../src/sim/index.js';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { withoutPorts } from '../support/golden.js';
import { CONSUL_LOCK_PERMISSIONS, isLockCall, withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const call = (r: RecordedRequest) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`;
const writes = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method !== 'GET');
const KEY_A = Buffer.alloc(32, 0x41).toString('base64');
const KEY_B = Buffer.alloc(32, 0x42).toString('base64');
const keyringStack = (sim: Simulator, variable: string) =>
  writeSynthDir(
    [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: variable }] } } } }],
    sim.address,
  );
const FAST = ['--poll-interval', '5ms'];

describe('one apply at a time: the Consul lock (session-held KV key opstack/lock)', () => {
  it('takes the lock before the first write and gives it back after: release, then destroy the session', async () => {
    const sim = await startSimulator();
    const result = await runCli([
      'apply',
      '--synth-dir',
      writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address),
      '--auto-approve',
    ]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lockCalls = sim.requests.filter(isLockCall);
    const session = JSON.parse(lockCalls[0]?.body ?? '{}') as Record<string, string>;
    expect(session).toEqual({ Name: 'opstack apply', TTL: '15s', LockDelay: '1s', Behavior: 'delete' });
    const acquire = lockCalls[1]!;
    const id = acquire.query.acquire ?? '';
    expect(lockCalls.map(call)).toEqual([
      'PUT /v1/session/create?dc=dc1',
      `PUT /v1/kv/opstack/lock?dc=dc1&acquire=${id}`,
      `PUT /v1/kv/opstack/lock?dc=dc1&release=${id}`,
      `PUT /v1/session/destroy/${id}?dc=dc1`,
    ]);
    expect(JSON.parse(acquire.body)).toEqual({
      host: 'test-host',
      pid: '4242',
      user: 'tester',
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      opstack_version: expect.any(String),
    });
    // The autopilot write came between acquire and release.
    const order = sim.requests.map((r) =>
      isLockCall(r) ? call(r).split('?')[0] : r.method === 'PUT' ? 'WRITE' : 'GET',
    );
    expect(order.filter((o) => o !== 'GET')).toEqual([
      'PUT /v1/session/create',
      'PUT /v1/kv/opstack/lock',
      'WRITE',
      'PUT /v1/kv/opstack/lock',
      `PUT /v1/session/destroy/${id}`,
    ]);
    expect(sim.consul('dc1').kvEntry('opstack/lock')?.session).toBe('');
    expect(sim.consul('dc1').sessions()).toEqual([]);
  });

  it(
    'two applies started together: one rotates, the other ' +
      'is refused at once naming the holder, and writes nothing',
    async () => {
      const sim = await startSimulator({
        datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY], clients: 2 } }],
        keyringPropagationMs: 300,
      });
      const a = keyringStack(sim, 'KEY_A');
      const b = keyringStack(sim, 'KEY_B');
      const [first, second] = await Promise.all([
        runCli(['apply', '--synth-dir', a, '--auto-approve', ...FAST], {
          env: { KEY_A, CONSUL_HTTP_TOKEN: 'token-of-a' },
          holder: { host: 'host-a', pid: 1111, user: 'alice' },
        }),
        runCli(['apply', '--synth-dir', b, '--auto-approve', ...FAST], {
          env: { KEY_B, CONSUL_HTTP_TOKEN: 'token-of-b' },
          holder: { host: 'host-b', pid: 2222, user: 'bob' },
        }),
      ]);
      const winner =
        first.code === 0
          ? { result: first, token: 'token-of-a', key: KEY_A }
          : { result: second, token: 'token-of-b', key: KEY_B };
      const loser =
        first.code === 0
          ? { result: second, token: 'token-of-b', holder: 'alice@host-a (pid 1111)' }
          : { result: first, token: 'token-of-a', holder: 'bob@host-b (pid 2222)' };
      expect([winner.result.code, loser.result.code]).toEqual([0, 1]);
      expect(loser.result.stderr).toMatch(
        new RegExp(
          `Another apply holds the lock opstack/lock in Consul at http://127\\.0\\.0\\.1:\\d+ ` +
            `\\(datacenter "dc1"\\): ${loser.holder.replace(/[().]/g, '\\$&')} since \\d{4}-`,
        ),
      );
      expect(loser.result.stderr).toContain('consul kv delete opstack/lock');
      expect(loser.result.stderr).toContain('No step ran.');
      const byLoser = sim.requests.filter((r) => r.headers['x-consul-token'] === loser.token);
      expect(writes(withoutLockCalls(byLoser))).toEqual([]);
      // Its only writes: the session it made, the refused acquire, and cleaning up after itself.
      expect(writes(byLoser).map((r) => call(r).replace(/[0-9a-f-]{36}/g, '<id>'))).toEqual([
        'PUT /v1/session/create?dc=dc1',
        'PUT /v1/kv/opstack/lock?dc=dc1&acquire=<id>',
        'PUT /v1/kv/opstack/lock?dc=dc1&release=<id>',
        'PUT /v1/session/destroy/<id>?dc=dc1',
      ]);
      expect(byLoser.find((r) => r.query.acquire !== undefined)?.status).toBe(200);
      expect(
        sim
          .consul('dc1')
          .keyring()
          .flatMap((pool) => pool.nodes.map((n) => n.keys)),
      ).toEqual(expect.arrayContaining([[winner.key]]));
      expect(
        new Set(
          sim
            .consul('dc1')
            .keyring()
            .flatMap((pool) => pool.nodes.map((n) => n.keys.join())),
        ),
      ).toEqual(new Set([winner.key]));
      expect(sim.consul('dc1').sessions()).toEqual([]);
    },
  );

  it('the lock is given back after a failed apply too, so the next apply runs', async () => {
    const sim = await startSimulator();
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    sim.faults.failNext(1, { method: 'PUT', path: '/v1/operator/autopilot/configuration' });
    const failed = await runCli(['apply', '--synth-dir', dir, '--auto-approve']);
    expect(failed.code).toBe(1);
    expect(
      sim.requests
        .filter(isLockCall)
        .map((r) => r.path.replace(/[0-9a-f-]{36}/, '<id>'))
        .slice(-2),
    ).toEqual(['/v1/kv/opstack/lock', '/v1/session/destroy/<id>']);
    expect(sim.consul('dc1').sessions()).toEqual([]);
    expect((await runCli(['apply', '--synth-dir', dir, '--auto-approve'])).code).toBe(0);
  });

  it('--lock-timeout waits for the other apply, then checks the plan is still current and applies', async () => {
    const sim = await startSimulator({
      datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY] } }],
      keyringPropagationMs: 300,
    });
    const rotation = runCli(['apply', '--synth-dir', keyringStack(sim, 'KEY_A'), '--auto-approve', ...FAST], {
      env: { KEY_A, CONSUL_HTTP_TOKEN: 'rotation' },
    });
    await until(() => sim.requests.some((r) => r.query.acquire !== undefined && r.status === 200));
    const autopilot = await runCli(
      [
        'apply',
        '--synth-dir',
        writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address),
        '--auto-approve',
        '--lock-timeout',
        '60s',
        ...FAST,
      ],
      {
        env: { CONSUL_HTTP_TOKEN: 'autopilot' },
      },
    );
    expect((await rotation).code).toBe(0);
    expect([autopilot.code, autopilot.stderr]).toEqual([0, '']);
    expect(autopilot.stdout).toContain('Got the lock after waiting: checking that nothing changed since the plan');
    // The waiting apply's write came after the rotation gave the lock back.
    const releasedAt = sim.requests.findIndex(
      (r) => r.headers['x-consul-token'] === 'rotation' && r.path.startsWith('/v1/session/destroy/'),
    );
    const writtenAt = sim.requests.findIndex(
      (r) => r.path === '/v1/operator/autopilot/configuration' && r.method === 'PUT',
    );
    expect(writtenAt).toBeGreaterThan(releasedAt);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(3);
  });

  it(
    'a lock left by a killed run expires with its session ' + 'TTL; an apply with --lock-timeout then gets it',
    async () => {
      const sim = await startSimulator();
      const session = (await (
        await fetch(`${sim.url}/v1/session/create`, {
          method: 'PUT',
          body: JSON.stringify({ TTL: '15s', LockDelay: '1s', Behavior: 'delete' }),
        })
      ).json()) as { ID: string };
      const record = JSON.stringify({
        host: 'gone-host',
        pid: '99',
        user: 'carol',
        since: '2026-01-01T00:00:00.000Z',
        opstack_version: '0.1.0',
      });
      await fetch(`${sim.url}/v1/kv/opstack/lock?acquire=${session.ID}`, { method: 'PUT', body: record });
      const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
      const refused = await runCli(['apply', '--synth-dir', dir, '--auto-approve']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('carol@gone-host (pid 99) since 2026-01-01T00:00:00.000Z');
      expect(refused.stderr).toContain('expires within 30s');
      sim.consul('dc1').expireSessions(); // what the TTL does to a session nobody renews
      expect(sim.consul('dc1').kvEntry('opstack/lock')).toBeUndefined(); // Behavior delete
      const applied = await runCli(['apply', '--synth-dir', dir, '--auto-approve', '--lock-timeout', '30s', ...FAST]);
      expect([applied.code, applied.stderr]).toEqual([0, '']);
    },
  );

  it('a run waiting for a lock renews its session and the locks it holds; an expired session is replaced', async () => {
    const sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    const dead = (await (
      await fetch(`${sim.url}/v1/session/create?dc=dc2`, {
        method: 'PUT',
        body: JSON.stringify({ TTL: '15s', LockDelay: '1s' }),
      })
    ).json()) as { ID: string };
    await fetch(`${sim.url}/v1/kv/opstack/lock?dc=dc2&acquire=${dead.ID}`, { method: 'PUT', body: '{}' });
    const stacks = ['dc1', 'dc2'].map((name) => ({ name, autopilot: { min_quorum: 3 } }));
    const args = [
      'apply',
      '--synth-dir',
      writeSynthDir(stacks, sim.address),
      '--auto-approve',
      '--lock-timeout',
      '30s',
    ];
    const applying = runCli([...args, ...FAST]);
    const tries = () => sim.requests.filter((r) => r.path === '/v1/kv/opstack/lock' && r.query.dc === 'dc2').length;
    while (tries() < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    // As 30 s without a renewal would: the dead run's session goes, and so would the waiter's own.
    sim.consul('dc2').expireSessions();
    const applied = await applying;
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const renewals = (dc: string) =>
      sim.requests.filter((r) => r.path.startsWith('/v1/session/renew/') && r.query.dc === dc);
    expect(renewals('dc1').length, 'the dc1 lock, held while dc2 was waited for').toBeGreaterThan(0);
    expect(
      renewals('dc2').some((r) => r.status === 404),
      'the expired session was found gone',
    ).toBe(true);
    expect(sim.requests.filter((r) => r.path === '/v1/session/create' && r.query.dc === 'dc2')).toHaveLength(3);
    expect(['dc1', 'dc2'].map((dc) => sim.consul(dc).autopilotConfig().MinQuorum)).toEqual([3, 3]);
  });

  it('--lock=false takes no lock; plan and drift never do', async () => {
    const sim = await startSimulator();
    const dir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
    expect((await runCli(['plan', '--synth-dir', dir])).code).toBe(0);
    expect((await runCli(['drift', '--synth-dir', dir])).code).toBe(2);
    expect((await runCli(['apply', '--synth-dir', dir, '--auto-approve', '--lock=false'])).code).toBe(0);
    expect(sim.requests.filter(isLockCall)).toEqual([]);
  });

  it('a token without the lock ACLs is refused before any write, with the policy it needs', async () => {
    const sim = await startSimulator({
      acl: { enabled: true, tokens: [{ secret: 'ops', accessorId: 'accessor-ops', permissions: ['operator:write'] }] },
    });
    const result = await runCli(
      [
        'apply',
        '--synth-dir',
        writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address),
        '--auto-approve',
      ],
      { env: { CONSUL_HTTP_TOKEN: 'ops' } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`lacks permission 'session:write' on "dc1-server-1"`);
    expect(result.stderr).toContain('key "opstack/lock" { policy = "write" }');
    expect(result.stderr).toContain('--lock=false');
    expect(writes(withoutLockCalls(sim.requests))).toEqual([]);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(0);
  });

  it('with key:write and session:write the same token applies', async () => {
    const sim = await startSimulator({
      acl: { enabled: true, tokens: [{ secret: 'ops', permissions: ['operator:write', ...CONSUL_LOCK_PERMISSIONS] }] },
    });
    const result = await runCli(
      [
        'apply',
        '--synth-dir',
        writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address),
        '--auto-approve',
      ],
      { env: { CONSUL_HTTP_TOKEN: 'ops' } },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
  });
});

describe('one apply at a time: the Nomad lock (variable lock on opstack/lock)', () => {
  const nomadSim = (): Promise<NomadSimulator> => startNomadSimulator({ regions: [{ name: 'eu' }] });
  const nomadStack = (sim: NomadSimulator) =>
    writeSynthDir(
      [
        {
          name: 'eu',
          product: 'nomad',
          provider: { address: sim.url, region: 'eu' },
          resources: { opstack_nomad_autopilot_config: { autopilot: { min_quorum: 3 } } },
        },
      ],
      '',
    );

  it('acquires with the record as items and a 15s TTL, and releases with the lock ID', async () => {
    const sim = await nomadSim();
    const result = await runCli(['apply', '--synth-dir', nomadStack(sim), '--auto-approve']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lockCalls = sim.requests.filter(isLockCall);
    expect(lockCalls.map(call)).toEqual([
      'PUT /v1/var/opstack/lock?region=eu&lock-acquire=',
      'PUT /v1/var/opstack/lock?region=eu&lock-release=',
    ]);
    expect(JSON.parse(lockCalls[0]!.body)).toEqual({
      Items: expect.objectContaining({ host: 'test-host', pid: '4242', user: 'tester' }),
      Lock: { TTL: '15s', LockDelay: '1s' },
    });
    expect(JSON.parse(lockCalls[1]!.body)).toEqual({ Lock: { ID: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(sim.region('eu').variable('opstack/lock')?.locked).toBe(false);
  });

  it(
    'a lock another run holds (409) is named from the variable, ' +
      'nothing is written, and it expires after TTL and lock-delay',
    async () => {
      const sim = await nomadSim();
      const other = {
        Items: { host: 'other-host', pid: '77', user: 'dave', since: '2026-02-02T00:00:00.000Z' },
        Lock: { TTL: '15s', LockDelay: '1s' },
      };
      expect(
        (
          await fetch(`${sim.url}/v1/var/opstack/lock?region=eu&lock-acquire`, {
            method: 'PUT',
            body: JSON.stringify(other),
          })
        ).status,
      ).toBe(200);
      const dir = nomadStack(sim);
      const refused = await runCli(['apply', '--synth-dir', dir, '--auto-approve']);
      expect(refused.code).toBe(1);
      expect(withoutPorts(refused.stderr)).toContain(
        'Another apply holds the lock opstack/lock in Nomad at http://127.0.0.1:<port> (region "eu"): ' +
          'dave@other-host (pid 77) since 2026-02-02T00:00:00.000Z',
      );
      expect(refused.stderr).toContain('lock-release');
      expect(writes(sim.requests).map(call)).toEqual([
        'PUT /v1/var/opstack/lock?region=eu&lock-acquire=',
        'PUT /v1/var/opstack/lock?region=eu&lock-acquire=',
      ]);
      expect(sim.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([200, 409]);
      sim.region('eu').expireLocks(); // the other run was killed: nobody renews
      const applied = await runCli(['apply', '--synth-dir', dir, '--auto-approve', '--lock-timeout', '30s', ...FAST]);
      expect([applied.code, applied.stderr]).toEqual([0, '']);
      expect(sim.region('eu').autopilotConfig().MinQuorum).toBe(3);
    },
  );
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
