import { describe, expect, it } from 'vitest';
import { HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER, STATE, call, withSim } from './helpers.js';

describe('GET /v1/operator/raft/configuration (consul-operator-api.md §4.1)', () => {
  it('§4.1 lists servers in raft order with the documented fields; Index is 0 as real servers answer (observed)', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'GET', RAFT_CONFIG);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(['Servers', 'Index']);
      expect(body.Index).toBe(0);
      const ids = sim
        .consul('dc1')
        .servers()
        .map((s) => s.id);
      expect(body.Servers.map((s: { ID: string }) => s.ID)).toEqual(ids);
      expect(body.Servers[0]).toEqual({
        ID: ids[0],
        Node: 'dc1-server-1',
        Address: '127.0.0.1:8300',
        Leader: true,
        ProtocolVersion: '3',
        Voter: true,
        LastIndex: sim.consul('dc1').raftIndex(),
      });
      expect(body.Servers[1].Leader).toBe(false);
    }));

  it('§4.1 servers from a spec keep their ids, addresses and suffrage', () =>
    withSim(
      {
        datacenters: [
          {
            name: 'east',
            servers: [
              { id: 'id-a', name: 'a', address: '10.0.0.1:8300' },
              { name: 'b', voter: false },
            ],
          },
        ],
      },
      async (sim) => {
        const body = JSON.parse((await call(sim, 'GET', RAFT_CONFIG)).text);
        expect(body.Servers[0]).toMatchObject({ ID: 'id-a', Node: 'a', Address: '10.0.0.1:8300', Leader: true });
        expect(body.Servers[1]).toMatchObject({ Node: 'b', Voter: false, Leader: false });
      },
    ));
});

describe('DELETE /v1/operator/raft/peer (consul-operator-api.md §4.2)', () => {
  it('§4.2 neither ?id nor ?address → 400', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'DELETE', RAFT_PEER);
      expect(res.status).toBe(400);
      expect(res.text).toBe("Must specify either ?id with the server's ID or ?address with IP:port of peer to remove");
    }));

  it('§4.2 both → 400', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'DELETE', RAFT_PEER + '?id=&address=');
      expect([res.status, res.text]).toEqual([400, 'Must specify only one of ?id or ?address']);
    }));

  it('§4.2 unknown or empty values → 500 "... was not found in the Raft configuration"', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string, string]> = [
        ['?id=abc', 'id "abc" was not found in the Raft configuration'],
        ['?id', 'id "" was not found in the Raft configuration'],
        ['?address=10.0.0.9:8300', 'address "10.0.0.9:8300" was not found in the Raft configuration'],
      ];
      for (const [q, text] of cases) {
        const res = await call(sim, 'DELETE', RAFT_PEER + q);
        expect([q, res.status, res.text]).toEqual([q, 500, text]);
      }
    }));

  it('§4.2 success → 200 empty body; the server leaves the raft configuration and autopilot state', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      const victim = dc.servers()[2]!;
      const before = dc.raftIndex();
      const res = await call(sim, 'DELETE', `${RAFT_PEER}?id=${victim.id}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8'); // observed-real-servers.md
      expect(dc.raftIndex()).toBeGreaterThan(before);
      const config = JSON.parse((await call(sim, 'GET', RAFT_CONFIG)).text);
      expect(config.Servers.map((s: { ID: string }) => s.ID)).not.toContain(victim.id);
      expect(config.Index).toBe(0); // observed: never the entry's index
      const state = JSON.parse((await call(sim, 'GET', STATE)).text);
      expect(Object.keys(state.Servers)).not.toContain(victim.id);
      expect(state.Voters).not.toContain(victim.id);
    }));

  it(
    'observed §5: health still lists the removed peer (LastTerm 0, ' +
      'LastIndex 0, Healthy false) with 429 until autopilot prunes it',
    () =>
      withSim({ removedPeerPruneMs: Infinity }, async (sim) => {
        const dc = sim.consul('dc1');
        const victim = dc.servers()[2]!;
        await call(sim, 'DELETE', `${RAFT_PEER}?id=${victim.id}`);
        const listed = await call(sim, 'GET', HEALTH);
        expect(listed.status).toBe(429);
        const body = JSON.parse(listed.text);
        expect(body.Healthy).toBe(false);
        expect(body.FailureTolerance).toBe(0); // 2 voters left, quorum 2
        expect(body.Servers.map((s: { ID: string }) => s.ID)).toEqual(
          dc
            .servers()
            .map((s) => s.id)
            .concat(victim.id),
        );
        expect(body.Servers[2]).toMatchObject({
          ID: victim.id,
          SerfStatus: 'alive',
          LastTerm: 0,
          LastIndex: 0,
          Healthy: false,
          Voter: false,
        });
        dc.pruneRemovedPeers();
        const pruned = await call(sim, 'GET', HEALTH);
        expect(pruned.status).toBe(200);
        expect(JSON.parse(pruned.text).Servers.map((s: { ID: string }) => s.ID)).toEqual(dc.servers().map((s) => s.id));
      }),
  );

  it('observed §5: pruning is time-based too (removedPeerPruneMs: 0 prunes at once)', () =>
    withSim({ removedPeerPruneMs: 0 }, async (sim) => {
      await call(sim, 'DELETE', `${RAFT_PEER}?id=${sim.consul('dc1').servers()[2]!.id}`);
      const health = await call(sim, 'GET', HEALTH);
      expect([health.status, JSON.parse(health.text).Servers.length]).toEqual([200, 2]);
    }));

  it('observed §4: a removed server that still runs stays a serf member, so the keyring still counts it', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      await call(sim, 'DELETE', `${RAFT_PEER}?id=${dc.servers()[2]!.id}`);
      const pools = JSON.parse((await call(sim, 'GET', '/v1/operator/keyring')).text);
      expect(pools.map((p: { WAN: boolean; NumNodes: number }) => [p.WAN, p.NumNodes])).toEqual([
        [true, 3],
        [false, 3],
      ]);
      expect(dc.keyring()[1]!.nodes.map((n) => n.name)).toContain('dc1-server-3');
    }));

  it('observed §8: a killed server is serf failed and keeps its last LastContact; quorum keeps the leader', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      const contact = () => call(sim, 'GET', HEALTH).then((res) => JSON.parse(res.text).Servers[2].LastContact);
      const last = await contact(); // it varies while the server follows ("Smaller differences")
      expect(last).toMatch(/^\d+(\.\d+)?ms$/);
      dc.killServer('dc1-server-3');
      const body = JSON.parse((await call(sim, 'GET', HEALTH)).text);
      expect(body.Servers[2]).toMatchObject({
        Name: 'dc1-server-3',
        SerfStatus: 'failed',
        Healthy: false,
        LastContact: last,
      });
      expect(await contact()).toBe(last);
      dc.killServer('dc1-server-1');
      expect(dc.servers().find((s) => s.leader)).toBeUndefined(); // 1 of 3 alive: no quorum
    }));

  it('§4.2 removal by address works too', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'DELETE', RAFT_PEER + '?address=127.0.0.2:8300');
      expect(res.status).toBe(200);
      expect(
        sim
          .consul('dc1')
          .servers()
          .map((s) => s.address),
      ).toEqual(['127.0.0.1:8300', '127.0.0.3:8300']);
    }));

  it('observed "Smaller differences": an empty 200 is text/plain whatever Content-Type the request sent', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'DELETE', RAFT_PEER + '?address=127.0.0.2:8300', {
        headers: { 'Content-Type': 'text/x-mine' },
      });
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([200, '', 'text/plain; charset=utf-8']);
    }));

  it('§4.2 removing the leader elects another one (new term)', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      const leader = dc.servers().find((s) => s.leader)!;
      await call(sim, 'DELETE', `${RAFT_PEER}?id=${leader.id}`);
      const newLeader = dc.servers().find((s) => s.leader)!;
      expect(newLeader.id).not.toBe(leader.id);
      expect(JSON.parse((await call(sim, 'GET', LEADER)).text)).toBe(newLeader.address);
    }));

  it('§4.2 removing the only voter fails with the raft error', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 1 }] }, async (sim) => {
      const [only] = sim.consul('dc1').servers();
      const res = await call(sim, 'DELETE', `${RAFT_PEER}?id=${only!.id}`);
      expect([res.status, res.text]).toEqual([500, 'need at least one voter in configuration: {[]}']);
    }));
});

describe('GET /v1/status/leader (consul-operator-api.md §1)', () => {
  it('§1 returns the leader raft address as a JSON string', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      const res = await call(sim, 'GET', LEADER);
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([
        200,
        '"127.0.0.1:8300"',
        'application/json',
      ]);
      expect((await call(sim, 'GET', LEADER + '?dc=dc2')).text).toBe('"127.0.1.1:8300"');
    }));

  it('§1 returns "" when the datacenter has lost quorum', () =>
    withSim({}, async (sim) => {
      sim.consul('dc1').setServerHealth('dc1-server-1', { serfStatus: 'failed' });
      expect((await call(sim, 'GET', LEADER)).text).toBe('"127.0.0.2:8300"'); // re-elected
      sim.consul('dc1').setServerHealth('dc1-server-2', { serfStatus: 'failed' });
      expect((await call(sim, 'GET', LEADER)).text).toBe('""');
    }));
});
