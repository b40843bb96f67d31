import { describe, expect, it } from 'vitest';
import { CONFIG, HEALTH, JSON_TYPE, TEXT, call, rawCall, withNomad } from './helpers.js';
import { gunzipSync } from 'node:zlib';

interface ServerHealth {
  LastContact: string;
  ID: string;
  Name: string;
  SerfStatus: string;
  Leader: boolean;
  LastTerm: number;
  LastIndex: number;
  Healthy: boolean;
  Voter: boolean;
  StableSince: string;
}

const parse = (text: string) =>
  JSON.parse(text) as {
    Healthy: boolean;
    FailureTolerance: number;
    Servers: ServerHealth[];
    Leader: string;
    Voters: string[];
  };

describe('GET /v1/operator/autopilot/health (nomad-operator-api.md §3.5)', () => {
  it(
    '§3.5 healthy region: 200 JSON, keys sorted as observed (observed-real-servers.md "Smaller differences"), ' +
      'ServerHealth MarshalJSON elements in their own order',
    () =>
      withNomad({ followerContact: 'fixed', wallClockNs: () => 1_796_128_291_742_382_203n }, async (sim) => {
        const [s1, s2, s3] = sim.region().servers();
        const res = await call(sim, 'GET', HEALTH);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(JSON_TYPE);
        const element = (s: typeof s1, contact: string, leader: boolean) =>
          `{"LastContact":"${contact}","ID":"${s!.id}","Name":"${s!.name}.global","Address":"${s!.address}",` +
          `"SerfStatus":"alive","Version":"2.0.5","Leader":${leader},"LastTerm":1,"LastIndex":5,"Healthy":true,` +
          '"Voter":true,"StableSince":"2026-12-01T12:31:32Z"}'; // rounded to the second (§3.5)
        expect(res.text).toBe(
          `{"FailureTolerance":1,"Healthy":true,"Leader":"${s1!.id}","Servers":[` +
            `${element(s1, '0s', true)},${element(s2, '10ms', false)},${element(s3, '10ms', false)}],` +
            `"Voters":["${s1!.id}","${s2!.id}","${s3!.id}"]}`,
        );
        const body = parse(res.text);
        expect(body).toMatchObject({
          Healthy: true,
          FailureTolerance: 1,
          Leader: s1!.id,
          Voters: [s1!.id, s2!.id, s3!.id],
        });
        const first = res.text.slice(res.text.indexOf('[') + 1, res.text.indexOf('}') + 1);
        expect(first).toMatch(
          new RegExp(
            `^\\{"LastContact":"0s","ID":"${s1!.id}","Name":"server-1.global",` +
              `"Address":"127.0.0.1:4647","SerfStatus":"alive",` +
              '"Version":"2.0.5","Leader":true,"LastTerm":1,"LastIndex":5,"Healthy":true,"Voter":true,' +
              '"StableSince":"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"\\}$',
          ),
        );
        expect(body.Servers[1]).toMatchObject({
          LastContact: '10ms',
          Leader: false,
          Healthy: true,
          Voter: true,
          LastIndex: 5,
        });
      }),
  );

  it(
    '§3.5 an unhealthy server makes it 429 with the same JSON ' +
      'body (text/plain: the status is written before the type)',
    () =>
      withNomad({}, async (sim) => {
        sim.region().setServerHealth('server-3', { healthy: false });
        const res = await call(sim, 'GET', HEALTH);
        expect(res.status).toBe(429);
        expect(res.headers.get('content-type')).toBe(TEXT);
        const body = parse(res.text);
        expect(body.Healthy).toBe(false);
        expect(body.FailureTolerance).toBe(0);
        expect(body.Servers[2]).toMatchObject({
          Name: 'server-3.global',
          Healthy: false,
          LastContact: '1m0s',
          SerfStatus: 'alive',
        });
        expect(sim.region().servers()[2]!.healthy).toBe(false);
      }),
  );

  it('§3.5/§10.10 with gzip the 429 has no Content-Type at all', () =>
    withNomad({}, async (sim) => {
      sim.region().setServerHealth('server-2', { healthy: false });
      const res = await rawCall(sim, 'GET', HEALTH, { 'Accept-Encoding': 'gzip' });
      expect(res.status).toBe(429);
      expect(res.headers['content-type']).toBeUndefined();
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(parse(gunzipSync(res.body).toString()).Healthy).toBe(false);
    }));

  it('§3.5 serf status failed/left: unhealthy, SerfStatus shown, stats frozen at the last contact', () =>
    withNomad({ regions: [{ name: 'global', servers: 5 }] }, async (sim) => {
      const region = sim.region();
      const indexBefore = region.raftIndex();
      region.setServerHealth('server-4', { status: 'failed' });
      region.setServerHealth('server-5.global', { status: 'left' });
      region.bumpRaftIndex(3);
      const res = await call(sim, 'GET', HEALTH);
      expect(res.status).toBe(429);
      const body = parse(res.text);
      expect(body.Servers[3]).toMatchObject({
        SerfStatus: 'failed',
        Healthy: false,
        Voter: true,
        LastIndex: indexBefore,
      });
      expect(body.Servers[4]).toMatchObject({ SerfStatus: 'left', Healthy: false });
      expect(body.FailureTolerance).toBe(0); // 3 healthy voters - quorum 3
      expect(region.servers().map((s) => s.status)).toEqual(['alive', 'alive', 'alive', 'failed', 'left']);
    }));

  it(
    'observed "Smaller differences": a healthy follower\'s LastContact differs between reads (1ms to 50ms); ' +
      'a failed server keeps the last one',
    () =>
      withNomad({}, async (sim) => {
        const contacts = async () => parse((await call(sim, 'GET', HEALTH)).text).Servers.map((s) => s.LastContact);
        const [first, second] = [await contacts(), await contacts()];
        expect([first[0], second[0]]).toEqual(['0s', '0s']); // the leader
        for (const c of [...first.slice(1), ...second.slice(1)]) {
          expect(c).toMatch(/^\d{1,2}(\.\d{1,6})?ms$/);
          expect(Number.parseFloat(c)).toBeGreaterThanOrEqual(1);
          expect(Number.parseFloat(c)).toBeLessThan(50);
        }
        expect(second.slice(1)).not.toEqual(first.slice(1));
        sim.region().setServerHealth('server-3', { status: 'failed' });
        expect((await contacts())[2]).toBe(second[2]);
        expect((await contacts())[2]).toBe(second[2]);
      }),
  );

  it("followerContact: 'fixed' keeps a healthy follower's LastContact at 10ms on every read", () =>
    withNomad({ followerContact: 'fixed' }, async (sim) => {
      for (let read = 0; read < 2; read++) {
        const servers = parse((await call(sim, 'GET', HEALTH)).text).Servers;
        expect(servers.map((s) => s.LastContact)).toEqual(['0s', '10ms', '10ms']);
      }
    }));

  it('observed §7: a SIGKILLed server shows SerfStatus "left" (not failed) and is unhealthy', () =>
    withNomad({ regions: [{ name: 'global' }] }, async (sim) => {
      sim.region().killServer('server-3');
      const res = await call(sim, 'GET', HEALTH);
      expect(res.status).toBe(429);
      expect(parse(res.text).Servers[2]).toMatchObject({ Name: 'server-3.global', SerfStatus: 'left', Healthy: false });
      sim.region().killServer('server-1');
      expect(
        sim
          .region()
          .servers()
          .find((s) => s.leader),
      ).toBeUndefined(); // 1 of 3 left: no quorum
    }));

  it('§3.5 FailureTolerance = healthy voters - (voters/2+1); non-voters do not count but must be healthy', () =>
    withNomad(
      {
        regions: [
          {
            name: 'global',
            servers: [
              { name: 'a' },
              { name: 'b' },
              { name: 'c' },
              { name: 'd' },
              { name: 'e' },
              { name: 'nv', voter: false },
            ],
          },
        ],
      },
      async (sim) => {
        let body = parse((await call(sim, 'GET', HEALTH)).text);
        expect([body.Healthy, body.FailureTolerance, body.Voters.length]).toEqual([true, 2, 5]);
        expect(body.Servers[5]).toMatchObject({ Voter: false, Healthy: true });
        sim.region().setServerHealth('nv', { healthy: false });
        const res = await call(sim, 'GET', HEALTH);
        body = parse(res.text);
        expect([res.status, body.Healthy, body.FailureTolerance]).toEqual([429, false, 2]);
      },
    ));

  it('§3.5 health follows the current config: a zero-filled PUT (threshold 0s) makes every follower unhealthy', () =>
    withNomad({}, async (sim) => {
      await call(sim, 'PUT', CONFIG, { body: '{"CleanupDeadServers":true}' });
      const res = await call(sim, 'GET', HEALTH);
      expect(res.status).toBe(429);
      expect(parse(res.text).Servers.map((s) => s.Healthy)).toEqual([true, false, false]);
    }));

  it(
    '§3.5 one server: LastContactThreshold "0s" stays healthy; ' +
      'a negative threshold makes even the leader unhealthy',
    () =>
      withNomad({ regions: [{ name: 'global', servers: 1 }] }, async (sim) => {
        await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":"0s"}' });
        let res = await call(sim, 'GET', HEALTH);
        expect([res.status, parse(res.text).Healthy, parse(res.text).FailureTolerance]).toEqual([200, true, 0]);
        await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":"-1s"}' });
        res = await call(sim, 'GET', HEALTH);
        expect([res.status, parse(res.text).Healthy]).toEqual([429, false]);
      }),
  );

  it('§3.5 MaxTrailingLogs: a lagging server within the allowance needs contact too; beyond it, unhealthy', () =>
    withNomad(
      { regions: [{ name: 'global', autopilot: { LastContactThreshold: '2m', MaxTrailingLogs: 10 } }] },
      async (sim) => {
        const region = sim.region();
        region.setServerHealth('server-2', { healthy: false }); // LastContact 1m0s, index frozen
        expect((await call(sim, 'GET', HEALTH)).status).toBe(200);
        region.bumpRaftIndex(11);
        const res = await call(sim, 'GET', HEALTH);
        expect(res.status).toBe(429);
        expect(parse(res.text).Servers[1]!.Healthy).toBe(false);
        region.setServerHealth('server-2', { healthy: true });
        expect((await call(sim, 'GET', HEALTH)).status).toBe(200);
      },
    ));

  it('§3.5 a failed leader: a new leader in a new term; Voters sorted leader first', () =>
    withNomad({}, async (sim) => {
      const [s1, s2, s3] = sim.region().servers();
      sim.region().setServerHealth(s1!.id, { status: 'failed' });
      const body = parse((await call(sim, 'GET', HEALTH)).text);
      expect(body.Leader).toBe(s2!.id);
      expect(body.Voters).toEqual([s2!.id, s3!.id, s1!.id]);
      expect(body.Servers[1]).toMatchObject({ Leader: true, LastTerm: 2, LastContact: '0s' });
      expect(body.Servers[0]).toMatchObject({ Leader: false, LastTerm: 1, Healthy: false });
    }));

  it('§3.5 ?stale is forced off: no leader means 500 "No cluster leader" even with ?stale', () =>
    withNomad({}, async (sim) => {
      sim.faults.noLeader('global', true);
      const res = await call(sim, 'GET', HEALTH + '?stale');
      expect([res.status, res.text]).toEqual([500, 'No cluster leader']);
    }));

  it('§3.5 losing quorum (2 of 3 failed) leaves no leader', () =>
    withNomad({}, async (sim) => {
      sim.region().setServerHealth('server-2', { status: 'failed' });
      sim.region().setServerHealth('server-3', { status: 'failed' });
      expect(
        sim
          .region()
          .servers()
          .some((s) => s.leader),
      ).toBe(false);
      expect((await call(sim, 'GET', HEALTH)).text).toBe('No cluster leader');
      sim.region().setServerHealth('server-3', { status: 'alive' });
      expect((await call(sim, 'GET', HEALTH)).status).toBe(429); // server-2 still failed
    }));

  it('§1.3 ?pretty indents the reply but keeps each MarshalJSON server element compact', () =>
    withNomad({ regions: [{ name: 'global', servers: 1 }] }, async (sim) => {
      const text = (await call(sim, 'GET', HEALTH + '?pretty')).text;
      const id = sim.region().servers()[0]!.id;
      expect(text).toMatch(
        new RegExp(
          `^\\{\n {4}"FailureTolerance": 0,\n {4}"Healthy": true,\n {4}"Leader": "${id}",\n` +
            ' {4}"Servers": \\[\n {8}\\{"LastContact":"0s","ID":',
        ),
      );
      expect(text.endsWith(`}\n    ],\n    "Voters": [\n        "${id}"\n    ]\n}\n`)).toBe(true);
    }));

  it('§2 any method but GET is 404 "Invalid method"', () =>
    withNomad({}, async (sim) => {
      for (const method of ['PUT', 'POST', 'DELETE']) {
        const res = await call(sim, method, HEALTH);
        expect([method, res.status, res.text]).toEqual([method, 404, 'Invalid method']);
      }
    }));
});
