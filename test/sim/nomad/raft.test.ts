import { describe, expect, it } from 'vitest';
import { JSON_TYPE, RAFT_CONFIG, RAFT_PEER, TEXT, call, withNomad } from './helpers.js';

describe('GET /v1/operator/raft/configuration (nomad-operator-api.md §3.1)', () => {
  it(
    '§3.1 lists raft servers in configuration order with Nomad field names and a string RaftProtocol, ' +
      'keys sorted as observed (observed-real-servers.md "Smaller differences")',
    () =>
      withNomad({}, async (sim) => {
        const [s1, s2, s3] = sim.region().servers();
        const res = await call(sim, 'GET', RAFT_CONFIG);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(JSON_TYPE);
        expect(res.headers.get('x-nomad-index')).toBeNull(); // §1.7: no meta headers here
        expect(res.text).toBe(
          '{"Index":0,"Servers":[' + // observed-real-servers.md: Index 0 on 1 and 3 servers
            `{"Address":"127.0.0.1:4647","ID":"${s1!.id}","Leader":true,"Node":"server-1.global",` +
            `"RaftProtocol":"3","Voter":true},` +
            `{"Address":"127.0.0.2:4647","ID":"${s2!.id}","Leader":false,"Node":"server-2.global",` +
            `"RaftProtocol":"3","Voter":true},` +
            `{"Address":"127.0.0.3:4647","ID":"${s3!.id}","Leader":false,"Node":"server-3.global",` +
            `"RaftProtocol":"3","Voter":true}` +
            ']}',
        );
        expect(s1!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }),
  );

  it('§3.1 servers come from the region spec (ids, addresses, non-voters)', () =>
    withNomad(
      {
        regions: [
          {
            name: 'eu',
            servers: [
              { name: 'a', id: 'id-a', address: '10.0.0.1:4647' },
              { name: 'b', voter: false },
            ],
          },
        ],
      },
      async (sim) => {
        const body = JSON.parse((await call(sim, 'GET', RAFT_CONFIG)).text);
        expect(body.Servers).toEqual([
          { ID: 'id-a', Node: 'a.eu', Address: '10.0.0.1:4647', Leader: true, Voter: true, RaftProtocol: '3' },
          {
            ID: sim.region().servers()[1]!.id,
            Node: 'b.eu',
            Address: '127.0.0.2:4647',
            Leader: false,
            Voter: false,
            RaftProtocol: '3',
          },
        ]);
      },
    ));

  it('§2 any method but GET is 405 with an empty body and no Content-Type', () =>
    withNomad({}, async (sim) => {
      for (const method of ['PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS']) {
        const res = await call(sim, method, RAFT_CONFIG);
        expect([method, res.status, res.text, res.headers.get('content-type')]).toEqual([method, 405, '', null]);
      }
    }));

  it('§1.1 the raft subtree dispatches by prefix: /configurationX still reaches the configuration handler', () =>
    withNomad({}, async (sim) => {
      expect((await call(sim, 'GET', RAFT_CONFIG + 'X')).status).toBe(200);
    }));

  it('§3.1 ?stale answers without a leader; then no server is marked Leader', () =>
    withNomad({}, async (sim) => {
      sim.faults.noLeader('global', true);
      expect((await call(sim, 'GET', RAFT_CONFIG)).text).toBe('No cluster leader');
      const body = JSON.parse((await call(sim, 'GET', RAFT_CONFIG + '?stale')).text);
      expect(body.Servers.map((s: { Leader: boolean }) => s.Leader)).toEqual([false, false, false]);
    }));

  it('§3.1 a failed server stays listed; the leader flag moves to the newly elected leader', () =>
    withNomad({}, async (sim) => {
      sim.region().setServerHealth('server-1', { status: 'failed' });
      const body = JSON.parse((await call(sim, 'GET', RAFT_CONFIG)).text);
      expect(body.Servers.map((s: { Node: string; Leader: boolean }) => [s.Node, s.Leader])).toEqual([
        ['server-1.global', false],
        ['server-2.global', true],
        ['server-3.global', false],
      ]);
    }));
});

describe('DELETE /v1/operator/raft/peer (nomad-operator-api.md §3.2)', () => {
  it('§3.2 ?address is refused with 400, even together with ?id', () =>
    withNomad({}, async (sim) => {
      const id = sim.region().servers()[2]!.id;
      for (const query of ['?address=127.0.0.3:4647', `?id=${id}&address=127.0.0.3:4647`, '?address']) {
        const res = await call(sim, 'DELETE', RAFT_PEER + query);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe(TEXT);
        expect(res.text).toBe('Removing a peer by address is not supported in the current raft protocol version');
      }
      expect(sim.region().servers()).toHaveLength(3);
    }));

  it('§3.2 neither parameter is 400 "Must specify the peer\'s ID to remove"', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'DELETE', RAFT_PEER);
      expect([res.status, res.text]).toEqual([400, "Must specify the peer's ID to remove"]);
    }));

  it('§3.2 an unknown (or empty) ID is a plain error: 500 with the Go-quoted ID', () =>
    withNomad({}, async (sim) => {
      const before = sim.region().raftIndex();
      let res = await call(sim, 'DELETE', RAFT_PEER + '?id=nope');
      expect([res.status, res.text]).toEqual([500, 'id "nope" was not found in the Raft configuration']);
      res = await call(sim, 'DELETE', RAFT_PEER + '?id=');
      expect([res.status, res.text]).toEqual([500, 'id "" was not found in the Raft configuration']);
      expect(sim.region().raftIndex()).toBe(before);
    }));

  it('§3.2 success is 200 with an empty body and no Content-Type; the entry uses a raft index, Index stays 0', () =>
    withNomad({}, async (sim) => {
      const region = sim.region();
      const victim = region.servers()[2]!;
      const before = region.raftIndex();
      const res = await call(sim, 'DELETE', `${RAFT_PEER}?id=${victim.id}`);
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([200, '', null]);
      expect(region.raftIndex()).toBe(before + 1);
      const body = JSON.parse((await call(sim, 'GET', RAFT_CONFIG)).text);
      expect(body.Index).toBe(0); // observed-real-servers.md "Smaller differences"
      expect(body.Servers.map((s: { ID: string }) => s.ID)).not.toContain(victim.id);
    }));

  it('§3.2 removing the leader succeeds and another server takes over in a new term', () =>
    withNomad({}, async (sim) => {
      const region = sim.region();
      const [leader, next] = region.servers();
      expect((await call(sim, 'DELETE', `${RAFT_PEER}?id=${leader!.id}`)).status).toBe(200);
      expect(region.servers().find((s) => s.leader)?.id).toBe(next!.id);
    }));

  it('§3.2 removing the last voter is refused by raft with 500', () =>
    withNomad(
      {
        regions: [
          { name: 'global', servers: [{ name: 'only' }, { name: 'nv', voter: false, address: '127.0.0.9:4647' }] },
        ],
      },
      async (sim) => {
        const [only, nv] = sim.region().servers();
        const res = await call(sim, 'DELETE', `${RAFT_PEER}?id=${only!.id}`);
        expect(res.status).toBe(500);
        expect(res.text).toBe(`need at least one voter in configuration: {[{Nonvoter ${nv!.id} 127.0.0.9:4647}]}`);
        expect(sim.region().servers()).toHaveLength(2);
      },
    ));

  it('§3.2 a one-server region cannot remove itself (empty configuration rendering)', () =>
    withNomad({ regions: [{ name: 'global', servers: 1 }] }, async (sim) => {
      const res = await call(sim, 'DELETE', `${RAFT_PEER}?id=${sim.region().servers()[0]!.id}`);
      expect([res.status, res.text]).toEqual([500, 'need at least one voter in configuration: {[]}']);
    }));

  it('§2 any method but DELETE is 404 "Invalid method"; /peers also reaches the peer handler (prefix dispatch)', () =>
    withNomad({}, async (sim) => {
      for (const method of ['GET', 'PUT', 'POST']) {
        const res = await call(sim, method, RAFT_PEER + '?id=x');
        expect([method, res.status, res.text]).toEqual([method, 404, 'Invalid method']);
      }
      const res = await call(sim, 'DELETE', '/v1/operator/raft/peers?id=x');
      expect([res.status, res.text]).toEqual([500, 'id "x" was not found in the Raft configuration']);
    }));

  it('§1.1 unknown raft sub-paths (incl. Consul\'s transfer-leader) are 404 "Invalid method"', () =>
    withNomad({}, async (sim) => {
      for (const path of ['/v1/operator/raft/', '/v1/operator/raft/transfer-leader', '/v1/operator/raft/state']) {
        const res = await call(sim, 'POST', path);
        expect([path, res.status, res.text]).toEqual([path, 404, 'Invalid method']);
      }
    }));
});
