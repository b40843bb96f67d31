import { describe, expect, it } from 'vitest';
import {
  AGENT_HEALTH,
  CONFIG,
  HEALTH,
  LEADER,
  PEERS,
  RAFT_CONFIG,
  RAFT_PEER,
  TEXT,
  TRANSFER,
  call,
  withNomad,
} from './helpers.js';

describe('no leader (nomad-operator-api.md §1.6, §3.9)', () => {
  it('§1.6 leader-requiring calls answer 500 "No cluster leader"; ?stale reads still work', () =>
    withNomad({}, async (sim) => {
      sim.faults.noLeader('global', true);
      for (const [method, path] of [
        ['GET', CONFIG],
        ['PUT', CONFIG],
        ['GET', HEALTH],
        ['GET', RAFT_CONFIG],
        ['DELETE', RAFT_PEER + '?id=x'],
        ['PUT', TRANSFER + '?address=127.0.0.2:4647'],
        ['GET', LEADER],
      ] as const) {
        const res = await call(sim, method, path, { body: method === 'PUT' ? '{}' : undefined });
        expect([method, path, res.status, res.text, res.headers.get('content-type')]).toEqual([
          method,
          path,
          500,
          'No cluster leader',
          TEXT,
        ]);
      }
      expect((await call(sim, 'GET', CONFIG + '?stale')).status).toBe(200);
      expect((await call(sim, 'GET', PEERS + '?stale')).text).toBe(
        '["127.0.0.1:4647","127.0.0.2:4647","127.0.0.3:4647"]',
      );
    }));

  it('§3.9 /v1/status/leader: the leader address, "" on a stale read without a leader', () =>
    withNomad({}, async (sim) => {
      expect((await call(sim, 'GET', LEADER)).text).toBe('"127.0.0.1:4647"');
      sim.faults.noLeader('global', true);
      const res = await call(sim, 'GET', LEADER + '?stale');
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([200, '""', 'application/json']);
    }));

  it(
    '§3.9 /v1/agent/health?type=server: 200 ok with a leader (go-msgpack: keys sorted), ' +
      '500 JSON-in-text without (encoding/json: declaration order)',
    () =>
      withNomad({}, async (sim) => {
        let res = await call(sim, 'GET', AGENT_HEALTH + '?type=server');
        expect([res.status, res.text]).toEqual([200, '{"server":{"message":"ok","ok":true}}']);
        sim.faults.noLeader('global', true);
        res = await call(sim, 'GET', AGENT_HEALTH + '?type=server');
        expect([res.status, res.text, res.headers.get('content-type')]).toEqual([
          500,
          '{"server":{"ok":false,"message":"No cluster leader"}}',
          TEXT,
        ]);
        res = await call(sim, 'GET', AGENT_HEALTH + '?type=server&stale');
        expect([res.status, res.text]).toEqual([500, '{"server":{"ok":false,"message":"no leader"}}']);
        res = await call(sim, 'GET', AGENT_HEALTH + '?type=client');
        expect([res.status, res.text]).toEqual([500, '{"client":{"ok":false,"message":"client not enabled"}}']);
      }),
  );

  it('§1.6 only the faulted region is affected; turning it off elects a leader in a new term (one raft entry)', () =>
    withNomad({ regions: [{ name: 'global' }, { name: 'eu' }] }, async (sim) => {
      sim.faults.noLeader('eu', true);
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      expect((await call(sim, 'GET', CONFIG + '?region=eu')).text).toBe('No cluster leader');
      const index = sim.region('eu').raftIndex();
      sim.faults.noLeader('eu', false);
      expect(sim.region('eu').raftIndex()).toBe(index + 1);
      const health = JSON.parse((await call(sim, 'GET', HEALTH + '?region=eu')).text);
      expect(health.Healthy).toBe(true);
      expect(health.Servers[0].LastTerm).toBe(2);
    }));

  it('§1.6 the RPC hold: the call waits holdMs, and succeeds if a leader appears meanwhile', () =>
    withNomad({}, async (sim) => {
      sim.faults.noLeader('global', true, { holdMs: 150 });
      const started = Date.now();
      expect((await call(sim, 'GET', CONFIG)).status).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      sim.faults.noLeader('global', true, { holdMs: 3000 });
      const pending = call(sim, 'GET', CONFIG);
      setTimeout(() => sim.faults.noLeader('global', false), 50);
      expect((await pending).status).toBe(200);
    }));
});

describe('transport faults and recording (shared http.ts / faults.ts)', () => {
  it('failNext injects text/plain failures matching method/path, then normal service resumes', () =>
    withNomad({}, async (sim) => {
      sim.faults.failNext(2, { path: CONFIG, method: 'get' });
      sim.faults.failNext(1, { status: 503, body: 'No cluster leader' });
      expect((await call(sim, 'GET', LEADER)).text).toBe('No cluster leader'); // the catch-all rule
      for (let i = 0; i < 2; i++) {
        const res = await call(sim, 'GET', CONFIG);
        expect([res.status, res.text, res.headers.get('content-type'), res.headers.get('vary')]).toEqual([
          500,
          'rpc error: internal',
          TEXT,
          'Accept-Encoding',
        ]);
      }
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
    }));

  it('dropNext destroys the connection; latency delays; reset clears everything', () =>
    withNomad({ latencyMs: 0 }, async (sim) => {
      sim.faults.dropNext(1, { path: HEALTH });
      await expect(call(sim, 'GET', HEALTH)).rejects.toThrow();
      expect((await call(sim, 'GET', HEALTH)).status).toBe(200);
      sim.faults.latency(120);
      let started = Date.now();
      await call(sim, 'GET', LEADER);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      sim.faults.latency(30_000);
      sim.faults.noLeader('global', true);
      sim.faults.failNext(5);
      sim.faults.reset();
      // With the 30 s latency still set this could not answer sooner; no guess at this machine's speed.
      started = Date.now();
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
    }));

  it('every request is recorded with method, path, query, headers, body and final status', () =>
    withNomad({}, async (sim) => {
      await call(sim, 'PUT', CONFIG + '?cas=3&region=global', {
        body: '{"MinQuorum":1}',
        headers: { 'X-Nomad-Token': 't' },
      });
      await call(sim, 'GET', '/nope');
      const [put, nope] = sim.requests;
      expect(put).toMatchObject({
        method: 'PUT',
        path: CONFIG,
        query: { cas: '3', region: 'global' },
        body: '{"MinQuorum":1}',
        status: 200,
      });
      expect(put!.headers['x-nomad-token']).toBe('t');
      expect(nope).toMatchObject({ method: 'GET', path: '/nope', status: 404 });
      sim.clearRequests();
      expect(sim.requests).toEqual([]);
    }));
});

describe('control API (nomad-operator-api.md §4)', () => {
  it(
    '§4 raftIndex grows with every write: autopilot PUT, ' + 'failed CAS, peer removal, elections, out-of-band writes',
    () =>
      withNomad({}, async (sim) => {
        const r = sim.region();
        expect(r.raftIndex()).toBe(5); // config 1, no-op 2, autopilot 3, scheduler 4, root key 5
        await call(sim, 'PUT', CONFIG, { body: '{}' });
        await call(sim, 'PUT', CONFIG + '?cas=1', { body: '{}' });
        r.setAutopilotConfig({ MinQuorum: 3 });
        expect(r.autopilotConfig()).toMatchObject({ MinQuorum: 3, ModifyIndex: 8, CleanupDeadServers: false });
        r.setServerHealth('server-1', { status: 'failed' }); // election: a new term's no-op entry
        r.removeServer('server-1'); // a configuration entry
        r.bumpRaftIndex(2);
        expect(r.raftIndex()).toBe(12);
        // The PUT zero-filled LastContactThreshold: only the leader (contact 0s) is healthy.
        expect(r.servers().map((s) => [s.name, s.leader, s.status, s.healthy])).toEqual([
          ['server-2', true, 'alive', true],
          ['server-3', false, 'alive', false],
        ]);
      }),
  );

  it('control methods reject unknown regions and servers', () =>
    withNomad({}, async (sim) => {
      expect(() => sim.region('nope')).toThrow('no region named "nope"');
      expect(() => sim.region().setServerHealth('nope', { healthy: false })).toThrow('no server "nope"');
      expect(() => sim.region().setAutopilotConfig({ LastContactThreshold: 'soon' })).toThrow(
        'time: invalid duration "soon"',
      );
    }));
});
