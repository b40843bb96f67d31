// The client's contract with a Nomad server, run against the simulator always and against a real
// `nomad agent` when OPSTACK_NOMAD_BIN names one, so the simulator's fidelity is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import type { NomadAutopilotLive } from '../../src/model/autopilot.js';
import type { OpstackError } from '../../src/model/errors.js';
import { readNomadMembers } from '../../src/read/serf-members.js';
import { DEFAULT_GOSSIP_KEY } from '../../src/sim/nomad/index.js';
import { type NomadBackend, nomadBackends } from '../support/contract-backends.js';

const backends = nomadBackends();

const AUTOPILOT = '/v1/operator/autopilot/configuration';
const SCHEDULER = '/v1/operator/scheduler/configuration';

interface SchedulerAnswer {
  SchedulerConfig: {
    SchedulerAlgorithm: string;
    PreemptionConfig: Record<string, boolean>;
    ModifyIndex: number;
    CreateIndex: number;
  };
  Index: number;
}

describe.each(backends)('Nomad client contract against the %s', (_name, start) => {
  let backend: NomadBackend;
  let clients: ApiClients;
  const client = (region = backend.region) => clients.for({ product: 'nomad', address: backend.url, region });
  const read = async () => (await client().read<NomadAutopilotLive>(AUTOPILOT)).value;
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as OpstackError,
    );

  beforeAll(async () => {
    backend = await start();
    clients = new ApiClients({}, { timeoutMs: 10_000, readRetries: 0, backoffMs: 1 });
  });
  afterAll(async () => {
    await clients?.close();
    await backend?.stop();
  });

  it('§3.4 GET returns every field, durations as Go duration strings', async () => {
    const config = await read();
    expect(Object.keys(config).sort()).toEqual([
      'CleanupDeadServers',
      'CreateIndex',
      'DisableUpgradeMigration',
      'EnableCustomUpgrades',
      'EnableRedundancyZones',
      'LastContactThreshold',
      'MaxTrailingLogs',
      'MinQuorum',
      'ModifyIndex',
      'ServerStabilizationTime',
    ]);
    expect(typeof config.ServerStabilizationTime).toBe('string');
  });

  it('§3.4 CAS answers a bare true, then false for the stale index', async () => {
    const before = await read();
    const body = { ...before, MinQuorum: 1 };
    expect(await client().write('PUT', AUTOPILOT, { cas: String(before.ModifyIndex) }, body)).toBe('true');
    expect(await client().write('PUT', AUTOPILOT, { cas: String(before.ModifyIndex) }, { ...body, MinQuorum: 2 })).toBe(
      'false',
    );
    expect((await read()).MinQuorum).toBe(1);
  });

  it('§3.4 a PUT zero-fills omitted fields', async () => {
    const current = await read();
    expect(await client().write('PUT', AUTOPILOT, {}, { CleanupDeadServers: true, MinQuorum: 1 })).toBe('true');
    expect(await read()).toMatchObject({ MaxTrailingLogs: 0, LastContactThreshold: '0s', MinQuorum: 1 });
    await client().write('PUT', AUTOPILOT, {}, current);
  });

  it('§3.6 GET nests the configuration in SchedulerConfig; Index and X-Nomad-Index are its ModifyIndex', async () => {
    const response = await fetch(`${backend.url}${SCHEDULER}`);
    const answer = (await response.json()) as SchedulerAnswer;
    expect(Object.keys(answer.SchedulerConfig)).toEqual(
      expect.arrayContaining([
        'SchedulerAlgorithm',
        'PreemptionConfig',
        'MemoryOversubscriptionEnabled',
        'RejectJobRegistration',
        'PauseEvalBroker',
        'CreateIndex',
        'ModifyIndex',
      ]),
    );
    expect(Object.keys(answer.SchedulerConfig.PreemptionConfig).sort()).toEqual([
      'BatchSchedulerEnabled',
      'ServiceSchedulerEnabled',
      'SysBatchSchedulerEnabled',
      'SystemSchedulerEnabled',
    ]);
    expect(answer.Index).toBe(answer.SchedulerConfig.ModifyIndex);
    expect(response.headers.get('x-nomad-index')).toBe(String(answer.Index));
  });

  it('§3.6 a CAS write answers Updated:true with the new Index, then Updated:false for the stale index', async () => {
    const { SchedulerConfig: before } = (await client().read<SchedulerAnswer>(SCHEDULER)).value;
    const { CreateIndex: _c, ModifyIndex: _m, ...body } = before;
    const first = JSON.parse(
      await client().write(
        'PUT',
        SCHEDULER,
        { cas: String(before.ModifyIndex) },
        { ...body, SchedulerAlgorithm: 'spread' },
      ),
    );
    expect(first).toEqual({ Updated: true, Index: expect.any(Number) });
    const second = JSON.parse(await client().write('PUT', SCHEDULER, { cas: String(before.ModifyIndex) }, body));
    expect(second.Updated).toBe(false);
    const { SchedulerConfig: after } = (await client().read<SchedulerAnswer>(SCHEDULER)).value;
    expect(after).toMatchObject({ SchedulerAlgorithm: 'spread', ModifyIndex: first.Index });
    await client().write('PUT', SCHEDULER, {}, body);
  });

  it('§3.6 an unknown algorithm is a 400 naming it', async () => {
    const error = await errorOf(client().write('PUT', SCHEDULER, {}, { SchedulerAlgorithm: 'random' }));
    expect([error?.code, error?.message]).toEqual([
      'BadRequest',
      expect.stringContaining('invalid scheduler algorithm: random'),
    ]);
  });

  it('§3.8 the gossip keyring: list, install, use, remove on /v1/agent/keyring/*, counts per server', async () => {
    const NEW = Buffer.alloc(32, 0x21).toString('base64');
    type Answer = { Keys: Record<string, number>; NumNodes: number };
    const list = async () => (await client().read<Answer>('/v1/agent/keyring/list')).value;
    const op = (name: string, key: string) => client().write('PUT', `/v1/agent/keyring/${name}`, {}, { Key: key });
    const servers = (await list()).NumNodes;
    expect(servers).toBeGreaterThan(0);
    expect((await list()).Keys).toEqual({ [DEFAULT_GOSSIP_KEY]: servers });
    await op('install', NEW);
    expect((await list()).Keys).toEqual({ [DEFAULT_GOSSIP_KEY]: servers, [NEW]: servers });
    // serf refuses, on every server, to remove the primary key.
    const refused = await errorOf(op('remove', DEFAULT_GOSSIP_KEY));
    expect(refused?.message).toContain(`${servers}/${servers} nodes reported failure`);
    await op('use', NEW);
    await op('remove', DEFAULT_GOSSIP_KEY);
    expect((await list()).Keys).toEqual({ [NEW]: servers });
    await op('install', DEFAULT_GOSSIP_KEY);
    await op('use', DEFAULT_GOSSIP_KEY);
    await op('remove', NEW);
  });

  it('§3.2 removing a peer by address is a 400; by an unknown ID a 500', async () => {
    const byAddress = await errorOf(
      client().write('DELETE', '/v1/operator/raft/peer', { address: '127.0.0.9:4647' }, undefined),
    );
    expect(byAddress?.message).toContain('Removing a peer by address is not supported');
    const unknown = await errorOf(client().write('DELETE', '/v1/operator/raft/peer', { id: 'no-such-id' }, undefined));
    expect(unknown?.message).toContain('id "no-such-id" was not found in the Raft configuration');
  });

  it('§1.3 an unknown region is NoPathToDatacenter', async () => {
    expect((await errorOf(client('no-such-region').read(AUTOPILOT)))?.code).toBe('NoPathToDatacenter');
  });

  it('§3.1 the raft configuration lists servers with one leader', async () => {
    const { value } = await client().read<{ Servers: { Leader: boolean }[] }>('/v1/operator/raft/configuration');
    expect(value.Servers.filter((s) => s.Leader)).toHaveLength(1);
  });

  it('the serf members a timed-out keyring wait reads: every server, alive, named <node>.<region>', async () => {
    const members = await readNomadMembers(client());
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m) => m.status === 'alive' && m.name.endsWith(`.${backend.region}`))).toBe(true);
  });
});
