// The client's contract with a Consul agent, run against the simulator always and against a real
// `consul agent -dev` when OPSTACK_CONSUL_BIN names one, so the simulator's fidelity is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import type { ConsulAutopilotLive } from '../../src/model/autopilot.js';
import { ApiError, OpstackError } from '../../src/model/errors.js';
import { readAutopilotState } from '../../src/read/autopilot-state.js';
import { readConsulMembers } from '../../src/read/serf-members.js';
import { type ConsulBackend, consulBackends } from '../support/contract-backends.js';

const backends = consulBackends();

const AUTOPILOT = '/v1/operator/autopilot/configuration';

describe.each(backends)('Consul client contract against the %s', (_name, start) => {
  let backend: ConsulBackend;
  let clients: ApiClients;
  const client = (datacenter = backend.datacenter) =>
    clients.for({ product: 'consul', address: backend.address, datacenter });
  const read = async () => (await client().read<ConsulAutopilotLive>(AUTOPILOT)).value;
  const errorOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as OpstackError,
    );

  beforeAll(async () => {
    backend = await start();
    clients = new ApiClients({}, { timeoutMs: 5_000, readRetries: 0, backoffMs: 1 });
  });
  afterAll(async () => {
    await clients?.close();
    await backend?.stop();
  });

  it('§4.5 GET returns every field, durations as Go duration strings, and raft indexes', async () => {
    const config = await read();
    expect(Object.keys(config)).toEqual([
      'CleanupDeadServers',
      'LastContactThreshold',
      'MaxTrailingLogs',
      'MinQuorum',
      'ServerStabilizationTime',
      'RedundancyZoneTag',
      'DisableUpgradeMigration',
      'UpgradeVersionTag',
      'CreateIndex',
      'ModifyIndex',
    ]);
    expect(typeof config.LastContactThreshold).toBe('string');
    expect(config.ModifyIndex).toBeGreaterThanOrEqual(config.CreateIndex);
  });

  it(
    '§4.5 CAS with the current ModifyIndex answers true and moves ' +
      'ModifyIndex; a stale one answers false and writes nothing',
    async () => {
      const before = await read();
      const body = { ...before, MinQuorum: 1, LastContactThreshold: '1m' };
      expect(await client().write('PUT', AUTOPILOT, { cas: String(before.ModifyIndex) }, body)).toBe('true');
      const after = await read();
      expect(after.ModifyIndex).toBeGreaterThan(before.ModifyIndex);
      expect(after).toMatchObject({ MinQuorum: 1, LastContactThreshold: '1m0s' });
      expect(
        await client().write('PUT', AUTOPILOT, { cas: String(before.ModifyIndex) }, { ...after, MinQuorum: 2 }),
      ).toBe('false');
      expect((await read()).MinQuorum).toBe(1);
    },
  );

  it('§4.5 cas=0 never succeeds once the configuration exists', async () => {
    expect(await client().write('PUT', AUTOPILOT, { cas: '0' }, await read())).toBe('false');
  });

  it('§4.5 a PUT resets omitted fields to defaults, not to the stored values', async () => {
    const current = await read();
    expect(
      await client().write(
        'PUT',
        AUTOPILOT,
        { cas: String(current.ModifyIndex) },
        { ...current, MaxTrailingLogs: 300 },
      ),
    ).toBe('true');
    expect(await client().write('PUT', AUTOPILOT, {}, { MinQuorum: 2 })).toBe('true');
    expect(await read()).toMatchObject({ MinQuorum: 2, MaxTrailingLogs: 250, LastContactThreshold: '200ms' });
  });

  it("§2.8 a body with an unknown field is a 400 with Consul's text, kept as the answer's fields", async () => {
    const error = await errorOf(client().write('PUT', AUTOPILOT, {}, { Bogus: 1 }));
    expect(error?.code).toBe('BadRequest');
    expect(error?.message).toContain('Error parsing autopilot config: json: unknown field "Bogus"');
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).answer).toEqual({
      status: 400,
      endpoint: `PUT ${AUTOPILOT}`,
      body: expect.stringContaining('Error parsing autopilot config: json: unknown field "Bogus"'),
    });
  });

  it('§2.3 an unknown datacenter is NoPathToDatacenter', async () => {
    const error = await errorOf(client('no-such-dc').read(AUTOPILOT));
    expect(error?.code).toBe('NoPathToDatacenter');
  });

  it('§2.1 an unknown endpoint is UnknownEndpoint', async () => {
    const error = await errorOf(client().read('/v1/operator/area'));
    expect(error?.code).toBe('UnknownEndpoint');
  });

  it('§4.1 the raft configuration lists servers with one leader', async () => {
    const { value } = await client().read<{
      Servers: { Leader: boolean; Voter: boolean; Address: string }[];
      Index: number;
    }>('/v1/operator/raft/configuration');
    expect(value.Servers.filter((s) => s.Leader)).toHaveLength(1);
    expect(typeof value.Index).toBe('number');
  });

  it('§4.6 autopilot health is readable whether healthy (200) or not (429)', async () => {
    const { status, value } = await client().read<{ Healthy: boolean; FailureTolerance: number }>(
      '/v1/operator/autopilot/health',
      {},
      [200, 429],
    );
    expect(status === 200 ? value.Healthy : !value.Healthy).toBe(true);
    expect(typeof value.FailureTolerance).toBe('number');
  });

  it(
    '§4.7 autopilot state reads as status shows it: the ' + 'leader is a voter, each listed server has a status',
    async () => {
      // Right after its election a real consul -dev (1.21) answered a state from before it: Leader "",
      // its server "voter", unhealthy, Meta null, for about 2 s. Wait for the pass that names the leader.
      let state = await readAutopilotState(client());
      for (let i = 0; i < 100 && (state?.servers.length === 0 || state?.leader === null); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await readAutopilotState(client());
      }
      expect(state).not.toBeNull();
      expect(state?.leader).not.toBeNull();
      expect(state?.voters[0]).toBe(state?.leader);
      expect(state?.servers.find((s) => s.name === state?.leader)?.status).toBe('leader');
      expect(state?.optimisticFailureTolerance).toBeGreaterThanOrEqual(state?.failureTolerance ?? 0);
    },
  );

  it('serf members, as a timed-out keyring wait reads them: the agent in LAN and, as <node>.<dc>, in WAN', async () => {
    const members = await readConsulMembers(client(), { lan: true, wan: true });
    const lan = members.filter((m) => m.pool === `${backend.datacenter} LAN`);
    const wan = members.filter((m) => m.pool === 'WAN');
    expect(lan.length).toBeGreaterThan(0);
    expect(members.every((m) => m.status === 'alive')).toBe(true);
    expect(wan.map((m) => m.name)).toContain(`${lan[0]!.name}.${backend.datacenter}`);
  });
});

describe('Consul client without a backend', () => {
  it('a refused connection is ConnectionFailed, with the address', async () => {
    const clients = new ApiClients({}, { timeoutMs: 2_000, readRetries: 0, backoffMs: 1 });
    const error = await clients
      .for({ product: 'consul', address: '127.0.0.1:1', datacenter: 'dc1' })
      .read(AUTOPILOT)
      .catch((e: unknown) => e);
    await clients.close();
    expect(error).toBeInstanceOf(OpstackError);
    expect((error as OpstackError).code).toBe('ConnectionFailed');
    expect((error as OpstackError).message).toContain('http://127.0.0.1:1');
    // The socket's own error stays reachable for debugging.
    expect((error as OpstackError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
