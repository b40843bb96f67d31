import { describe, expect, it } from 'vitest';
import type { NomadSimulator } from '../../../src/sim/nomad/index.js';
import { JSON_TYPE, TEXT, call, withNomad } from './helpers.js';

const MEMBERS = '/v1/agent/members';
/** Every object's keys come out sorted, as go-msgpack writes structs (src/sim/nomad/encode.ts). */
const DELEGATE = '"DelegateCur":4,"DelegateMax":5,"DelegateMin":2';
const PROTOCOL = '"ProtocolCur":2,"ProtocolMax":5,"ProtocolMin":1';
const TWO_REGIONS = {
  regions: [
    { name: 'eu', servers: 2 },
    { name: 'us', servers: 1 },
  ],
};

/** One `structs.ServerMember` (N:nomad/structs/structs.go:1228-1240) with the serf tags of N:nomad/server.go. */
function entry(sim: NomadSimulator, region: string, name: string, opts: { status?: string; expect?: number } = {}) {
  const server = sim
    .region(region)
    .servers()
    .find((s) => s.name === name)!;
  const [ip, port] = server.address.split(':');
  const expect = opts.expect ?? 2;
  const tags =
    (expect === 1 ? '{"bootstrap":"1",' : '{') +
    `"build":"2.0.5","dc":"dc1","expect":"${expect}","id":"${server.id}","port":"${port}","raft_vsn":"3",` +
    `"region":"${region}","revision":"0badc0de0badc0de0badc0de0badc0de0badc0de","role":"nomad",` +
    `"rpc_addr":"${ip}","vsn":"1"}`;
  return (
    `{"Addr":"${ip}",${DELEGATE},"Name":"${name}.${region}","Port":4648,${PROTOCOL},` +
    `"Status":"${opts.status ?? 'alive'}","Tags":${tags}}`
  );
}

describe('GET /v1/agent/members (N:command/agent/agent_endpoint.go:147-163)', () => {
  it('lists every region’s servers (one serf pool) under the answering server; ?region= is not forwarded', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      const expected =
        '{"Members":[' +
        [entry(sim, 'eu', 'server-1'), entry(sim, 'eu', 'server-2'), entry(sim, 'us', 'server-1', { expect: 1 })].join(
          ',',
        ) +
        '],"ServerDC":"dc1","ServerName":"server-1","ServerRegion":"eu"}';
      for (const path of [MEMBERS, `${MEMBERS}?region=us`, `${MEMBERS}?region=nowhere`]) {
        const res = await call(sim, 'GET', path);
        expect([res.status, res.headers.get('content-type'), res.text]).toEqual([200, JSON_TYPE, expected]);
      }
    }));

  it('Status is text: a killed server is "left" (observed §7), a failed one "failed"; an alive server answers', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      sim.region('eu').killServer('server-1');
      sim.region('us').setServerHealth('server-1', { status: 'failed' });
      const res = await call(sim, 'GET', MEMBERS);
      expect(res.text).toBe(
        '{"Members":[' +
          [
            entry(sim, 'eu', 'server-1', { status: 'left' }),
            entry(sim, 'eu', 'server-2'),
            entry(sim, 'us', 'server-1', { expect: 1, status: 'failed' }),
          ].join(',') +
          '],"ServerDC":"dc1","ServerName":"server-2","ServerRegion":"eu"}',
      );
    }));

  it('parse() 400s come first; only GET (405 Invalid method)', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      const bad = await call(sim, 'GET', `${MEMBERS}?stale=maybe`);
      expect([bad.status, bad.text]).toEqual([400, 'Expect `true` or `false` for `stale` query string parameter']);
      const put = await call(sim, 'PUT', MEMBERS);
      expect([put.status, put.headers.get('content-type'), put.text]).toEqual([405, TEXT, 'Invalid method']);
    }));

  it('needs node:read (N:nomad/status_endpoint.go:92-97): anonymous and operator tokens are denied', () =>
    withNomad(
      {
        acl: {
          enabled: true,
          tokens: [
            { secret: '11111111-1111-1111-1111-111111111111', type: 'client', capabilities: ['node:read'] },
            { secret: '22222222-2222-2222-2222-222222222222', type: 'client', capabilities: ['operator:write'] },
          ],
        },
      },
      async (sim) => {
        const withToken = (token: string) => call(sim, 'GET', MEMBERS, { headers: { 'X-Nomad-Token': token } });
        expect((await withToken('11111111-1111-1111-1111-111111111111')).status).toBe(200);
        for (const denied of [await withToken('22222222-2222-2222-2222-222222222222'), await call(sim, 'GET', MEMBERS)])
          expect([denied.status, denied.text]).toEqual([403, 'Permission denied']);
      },
    ));
});
