import { describe, expect, it } from 'vitest';
import { HEALTH, STATE, call, withSim } from './helpers.js';

const HEALTH_FIELDS = [
  'ID',
  'Name',
  'Address',
  'SerfStatus',
  'Version',
  'Leader',
  'LastContact',
  'LastTerm',
  'LastIndex',
  'Healthy',
  'Voter',
  'StableSince',
];
const STATE_FIELDS = [
  'ID',
  'Name',
  'Address',
  'NodeStatus',
  'Version',
  'LastContact',
  'LastTerm',
  'LastIndex',
  'Healthy',
  'StableSince',
  'ReadReplica',
  'Status',
  'Meta',
  'NodeType',
];

describe('GET /v1/operator/autopilot/health (consul-operator-api.md §4.6)', () => {
  it('§4.6 healthy cluster → 200 with the documented fields in order', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'GET', HEALTH);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(['Healthy', 'FailureTolerance', 'Servers']);
      expect(body.Healthy).toBe(true);
      expect(body.FailureTolerance).toBe(1); // 3 healthy voters, quorum 2
      expect(body.Servers).toHaveLength(3);
      for (const s of body.Servers) expect(Object.keys(s)).toEqual(HEALTH_FIELDS);
      const [leader, follower] = body.Servers;
      expect(leader).toMatchObject({
        Name: 'dc1-server-1',
        Address: '127.0.0.1:8300',
        SerfStatus: 'alive',
        Leader: true,
        LastContact: '0s',
        Voter: true,
      });
      expect(follower).toMatchObject({ Leader: false, Healthy: true });
      expect(leader.LastIndex).toBe(sim.consul('dc1').raftIndex());
      expect(leader.StableSince).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/); // rounded to the second, UTC
    }));

  it('§4.6 an unhealthy server → 429 with the same JSON body', () =>
    withSim({}, async (sim) => {
      sim.consul('dc1').setServerHealth('dc1-server-3', { healthy: false });
      const res = await call(sim, 'GET', HEALTH, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = JSON.parse(res.text);
      expect(body.Healthy).toBe(false);
      expect(body.FailureTolerance).toBe(0);
      expect(body.Servers.find((s: { Name: string }) => s.Name === 'dc1-server-3').Healthy).toBe(false);
    }));

  it('§4.6 without gzip the 429 body is sniffed as text/plain (JSON type set after WriteHeader)', () =>
    withSim({}, async (sim) => {
      sim.consul('dc1').setServerHealth('dc1-server-2', { serfStatus: 'failed' });
      const res = await call(sim, 'GET', HEALTH, { headers: { 'Accept-Encoding': 'identity' } });
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(JSON.parse(res.text).Servers.find((s: { Name: string }) => s.Name === 'dc1-server-2').SerfStatus).toBe(
        'failed',
      );
    }));

  it('§4.6 FailureTolerance = healthy voters beyond quorum; non-voters do not count', () =>
    withSim(
      {
        datacenters: [
          {
            name: 'dc1',
            servers: [
              { name: 'a' },
              { name: 'b' },
              { name: 'c' },
              { name: 'd' },
              { name: 'e' },
              { name: 'f', voter: false },
            ],
          },
        ],
      },
      async (sim) => {
        expect(JSON.parse((await call(sim, 'GET', HEALTH)).text).FailureTolerance).toBe(2);
        sim.consul('dc1').setServerHealth('e', { healthy: false });
        const body = JSON.parse((await call(sim, 'GET', HEALTH)).text);
        expect(body.FailureTolerance).toBe(1);
        expect(body.Servers.find((s: { Name: string }) => s.Name === 'f').Voter).toBe(false);
      },
    ));

  it('§4.6 recovering a server makes the cluster healthy again and moves its StableSince', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      dc.setServerHealth('dc1-server-2', { healthy: false });
      expect((await call(sim, 'GET', HEALTH)).status).toBe(429);
      dc.setServerHealth('dc1-server-2', { healthy: true });
      expect((await call(sim, 'GET', HEALTH)).status).toBe(200);
      expect(dc.servers().every((s) => s.healthy)).toBe(true);
    }));
});

describe('GET /v1/operator/autopilot/state (consul-operator-api.md §4.7)', () => {
  it('§4.7 always 200; fields in order; Servers keyed by ID; OptimisticFailureTolerance = FailureTolerance', () =>
    withSim({}, async (sim) => {
      sim.consul('dc1').setServerHealth('dc1-server-3', { healthy: false });
      const res = await call(sim, 'GET', STATE);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual([
        'Healthy',
        'FailureTolerance',
        'OptimisticFailureTolerance',
        'Servers',
        'Leader',
        'Voters',
      ]);
      expect(body.Healthy).toBe(false);
      expect(body.OptimisticFailureTolerance).toBe(body.FailureTolerance);
      const servers = sim.consul('dc1').servers();
      expect(Object.keys(body.Servers)).toEqual(servers.map((s) => s.id).sort());
      for (const s of Object.values(body.Servers)) expect(Object.keys(s as object)).toEqual(STATE_FIELDS);
      const leader = servers.find((s) => s.leader)!;
      expect(body.Leader).toBe(leader.id);
      expect(body.Servers[leader.id]).toMatchObject({
        Status: 'leader',
        NodeType: 'voter',
        ReadReplica: false,
        NodeStatus: 'alive',
      });
      // Without consul-network-segment, as a real 1.21 server answered (observed "Smaller differences").
      expect(body.Servers[leader.id].Meta).toEqual({ 'consul-version': '1.22.0' });
    }));

  it('§4.7 Voters are sorted leader first, then healthy before unhealthy (RA SortServers)', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      const [s1, s2, s3] = dc.servers();
      dc.setServerHealth(s2!.name, { healthy: false });
      const body = JSON.parse((await call(sim, 'GET', STATE)).text);
      expect(body.Voters).toEqual([s1!.id, s3!.id, s2!.id]);
    }));
});

describe('GET /v1/operator/autopilot/state, Enterprise (§4.7: what CE omits, U:api/operator_autopilot.go)', () => {
  const zoned = [
    { name: 's1', redundancyZone: 'a' },
    { name: 's2', redundancyZone: 'b' },
    { name: 's3', redundancyZone: 'b' },
  ];

  it('with a RedundancyZoneTag: each server names its zone, and RedundancyZones and Upgrade follow Voters', () =>
    withSim(
      {
        edition: 'enterprise',
        datacenters: [{ name: 'dc1', servers: zoned, autopilot: { RedundancyZoneTag: 'zone' } }],
      },
      async (sim) => {
        const [s1, s2, s3] = sim.consul('dc1').servers();
        sim.consul('dc1').setServerHealth('s3', { healthy: false });
        const body = JSON.parse((await call(sim, 'GET', STATE)).text);
        expect(Object.keys(body)).toEqual([
          ...['Healthy', 'FailureTolerance', 'OptimisticFailureTolerance', 'Servers', 'Leader', 'Voters'],
          ...['RedundancyZones', 'Upgrade'],
        ]);
        expect(body.Servers[s2!.id]).toMatchObject({ RedundancyZone: 'b', UpgradeVersion: '1.22.0' });
        const ids = (a: string, b: string) => [a, b].sort();
        expect(body.RedundancyZones).toEqual({
          a: { Servers: [s1!.id], Voters: [s1!.id], FailureTolerance: 0 },
          b: { Servers: ids(s2!.id, s3!.id), Voters: ids(s2!.id, s3!.id), FailureTolerance: 0 },
        });
        expect(body.Upgrade).toEqual({ Status: 'idle', TargetVersion: '1.22.0', TargetVersionVoters: body.Voters });
        expect(body.ReadReplicas).toBeUndefined();
      },
    ));

  it('without a RedundancyZoneTag there are no zones; DisableUpgradeMigration makes the upgrade status disabled', () =>
    withSim(
      {
        edition: 'enterprise',
        datacenters: [{ name: 'dc1', servers: zoned, autopilot: { DisableUpgradeMigration: true } }],
      },
      async (sim) => {
        const body = JSON.parse((await call(sim, 'GET', STATE)).text);
        expect(body.RedundancyZones).toBeUndefined();
        expect(Object.values(body.Servers).some((s) => Object.hasOwn(s as object, 'RedundancyZone'))).toBe(false);
        expect(body.Upgrade.Status).toBe('disabled');
      },
    ));
});
