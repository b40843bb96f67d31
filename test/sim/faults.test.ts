import { describe, expect, it } from 'vitest';
import { CONFIG, HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER, STATE, call, withSim } from './helpers.js';

describe('no leader (consul-operator-api.md §2.3, §2.6, §4.6)', () => {
  it('§2.3 leader-requiring endpoints answer 500 "No cluster leader"', () =>
    withSim({}, async (sim) => {
      sim.faults.noLeader('dc1', true);
      for (const [method, path] of [
        ['GET', CONFIG],
        ['PUT', CONFIG],
        ['GET', HEALTH],
        ['GET', STATE],
        ['GET', RAFT_CONFIG],
        ['DELETE', RAFT_PEER + '?id=x'],
      ] as const) {
        const res = await call(sim, method, path, { body: method === 'PUT' ? '{}' : undefined });
        expect([method, path, res.status, res.text]).toEqual([method, path, 500, 'No cluster leader']);
      }
      expect((await call(sim, 'GET', LEADER)).text).toBe('""');
    }));

  it('§2.6 ?stale reads are answered without a leader; health then reports the empty, unhealthy state', () =>
    withSim({}, async (sim) => {
      sim.faults.noLeader('dc1', true);
      expect((await call(sim, 'GET', CONFIG + '?stale')).status).toBe(200);
      const raft = JSON.parse((await call(sim, 'GET', RAFT_CONFIG + '?stale')).text);
      expect(raft.Servers.every((s: { Leader: boolean }) => !s.Leader)).toBe(true);
      const health = await call(sim, 'GET', HEALTH + '?stale');
      expect([health.status, health.text]).toEqual([429, '{"Healthy":false,"FailureTolerance":0,"Servers":null}']);
      const state = await call(sim, 'GET', STATE + '?stale');
      expect([state.status, state.text]).toEqual([
        200,
        '{"Healthy":false,"FailureTolerance":0,"OptimisticFailureTolerance":0,"Servers":{},"Leader":"","Voters":[]}',
      ]);
    }));

  it('§2.3 only the faulted datacenter is affected; turning it off elects a leader in a new term', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      sim.faults.noLeader('dc2', true);
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      expect((await call(sim, 'GET', CONFIG + '?dc=dc2')).status).toBe(500);
      const termBefore = JSON.parse((await call(sim, 'GET', HEALTH)).text).Servers[0].LastTerm;
      sim.faults.noLeader('dc2', false);
      const health = JSON.parse((await call(sim, 'GET', HEALTH + '?dc=dc2')).text);
      expect(health.Healthy).toBe(true);
      expect(health.Servers[0].LastTerm).toBe(termBefore + 1);
    }));

  it(
    '§2.3 the hold delay is waited before "No cluster leader"; ' + 'a leader returning within it lets the call succeed',
    () =>
      withSim({}, async (sim) => {
        sim.faults.noLeader('dc1', true, { holdMs: 150 });
        const started = Date.now();
        const res = await call(sim, 'GET', CONFIG);
        expect(res.status).toBe(500);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        sim.faults.noLeader('dc1', true, { holdMs: 2000 });
        const pending = call(sim, 'GET', CONFIG);
        setTimeout(() => sim.faults.noLeader('dc1', false), 50);
        expect((await pending).status).toBe(200);
      }),
  );
});

describe('transport faults (DESIGN.md "The simulator")', () => {
  it('failNext(n) fails the next n requests with 500 "rpc error: internal", then recovers', () =>
    withSim({}, async (sim) => {
      sim.faults.failNext(2);
      const a = await call(sim, 'GET', CONFIG);
      expect([a.status, a.text, a.headers.get('content-type')]).toEqual([
        500,
        'rpc error: internal',
        'text/plain; charset=utf-8',
      ]);
      expect((await call(sim, 'GET', HEALTH)).status).toBe(500);
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
    }));

  it('failNext honours status, body and a method/path filter', () =>
    withSim({}, async (sim) => {
      sim.faults.failNext(1, { method: 'PUT', path: CONFIG, status: 503, body: 'busy' });
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      const res = await call(sim, 'PUT', CONFIG, { body: '{}' });
      expect([res.status, res.text]).toEqual([503, 'busy']);
      expect(sim.consul('dc1').autopilotConfig().ModifyIndex).toBe(5); // nothing was written
    }));

  it('dropNext(n) destroys the connection without a response', () =>
    withSim({}, async (sim) => {
      sim.faults.dropNext(1, { path: HEALTH });
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      await expect(call(sim, 'GET', HEALTH)).rejects.toThrow();
      expect((await call(sim, 'GET', HEALTH)).status).toBe(200);
      expect(sim.requests.map((r) => r.status)).toEqual([200, 0, 200]);
    }));

  it('latency is added per request, concurrently (200 requests × 20 ms finish before 200 × 20 ms)', () =>
    withSim({ latencyMs: 20 }, async (sim) => {
      const started = Date.now();
      const single = await call(sim, 'GET', LEADER);
      expect(single.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(18);
      const burst = Date.now();
      const all = await Promise.all(Array.from({ length: 200 }, () => call(sim, 'GET', CONFIG)));
      expect(all.every((r) => r.status === 200)).toBe(true);
      // Served one after another they could not finish in less than 200 × 20 ms; that bound, not a
      // guess at this machine's speed, is what shows they overlap (tests must not depend on speed).
      expect(Date.now() - burst).toBeLessThan(200 * 20);
    }));

  it('reset() clears failures, drops, no-leader and latency changes', () =>
    withSim({}, async (sim) => {
      sim.faults.failNext(5);
      sim.faults.dropNext(5);
      sim.faults.latency(30_000);
      sim.faults.noLeader('dc1', true);
      sim.faults.reset();
      // With the 30 s latency still set this could not answer sooner; no guess at this machine's speed.
      const started = Date.now();
      expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
    }));
});

describe('request recording', () => {
  it('records method, path, query, lower-case headers, body and status in arrival order', () =>
    withSim({}, async (sim) => {
      await call(sim, 'PUT', CONFIG + '?cas=5&dc=dc1', { body: '{"MinQuorum":1}', headers: { 'X-Consul-Token': 't' } });
      await call(sim, 'GET', '/v1/nope?pretty');
      const [put, missing] = sim.requests;
      expect(put).toMatchObject({
        method: 'PUT',
        path: CONFIG,
        query: { cas: '5', dc: 'dc1' },
        body: '{"MinQuorum":1}',
        status: 200,
      });
      expect(put!.headers['x-consul-token']).toBe('t');
      expect(missing).toMatchObject({ method: 'GET', path: '/v1/nope', query: { pretty: '' }, body: '', status: 404 });
      sim.clearRequests();
      expect(sim.requests).toEqual([]);
    }));
});

describe('lifecycle', () => {
  it('binds 127.0.0.1 on a free port and close() ends keep-alive connections promptly', async () => {
    let url = '';
    await withSim({}, async (sim) => {
      expect(sim.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(sim.url).toBe(`http://${sim.address}`);
      url = sim.url;
      expect((await call(sim, 'GET', LEADER)).status).toBe(200); // leaves a keep-alive socket
      const started = Date.now();
      await sim.close();
      // An idle keep-alive socket would hold close() for Node's 5 s keepAliveTimeout.
      expect(Date.now() - started).toBeLessThan(5000);
    });
    await expect(fetch(url + LEADER)).rejects.toThrow();
  });

  it('two simulators run side by side on different ports', () =>
    withSim({}, async (a) =>
      withSim({}, async (b) => {
        expect(a.address).not.toBe(b.address);
      }),
    ));
});
