import { describe, expect, it } from 'vitest';
import type { SimAclSpec, SimulatorOptions } from '../../src/sim/index.js';
import { AREA, call, withSim } from './helpers.js';

const NOT_FOUND = 'Invalid URL path: not a recognized HTTP API endpoint\n';
const ent: SimulatorOptions = {
  edition: 'enterprise',
  datacenters: [
    { name: 'dc1', servers: 3 },
    { name: 'dc2', servers: 1 },
    { name: 'dc3', servers: 1 },
  ],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function create(sim: Parameters<typeof call>[0], body: string, query = ''): Promise<string> {
  const res = await call(sim, 'POST', AREA + query, { body });
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json']);
  const { ID } = JSON.parse(res.text) as { ID: string };
  expect(res.text).toBe(`{"ID":"${ID}"}`);
  expect(ID).toMatch(UUID);
  return ID;
}

describe('network areas in CE (consul-operator-api.md §4.8)', () => {
  it('§4.8 the default edition is CE: every area path is the Index 404 and the control API refuses', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      for (const [method, path] of [
        ['POST', AREA],
        ['GET', `${AREA}/x`],
        ['PUT', `${AREA}/x/join`],
        ['GET', `${AREA}/x/members`],
      ] as const) {
        const res = await call(sim, method, path, { body: method === 'GET' ? undefined : '{}' });
        expect([method, path, res.status, res.text]).toEqual([method, path, 404, NOT_FOUND]);
      }
      expect(() => sim.consul().createArea({ peerDatacenter: 'dc2' })).toThrow(
        "network areas need `edition: 'enterprise'`",
      );
      expect(() => sim.consul().areas()).toThrow('enterprise');
    }));
});

describe('network areas, Enterprise edition (consul-operator-api.md §4.8)', () => {
  it('§4.8 POST → {"ID"}; GET list and GET <id> → arrays of Area; RetryJoin null when omitted', () =>
    withSim(ent, async (sim) => {
      const a = await create(sim, '{"PeerDatacenter":"dc2","RetryJoin":["10.1.2.3","10.1.2.4:8300"],"UseTLS":true}');
      const b = await create(sim, '{"PeerDatacenter":"dc3"}');
      const json = (id: string) =>
        id === a
          ? `{"ID":"${a}","PeerDatacenter":"dc2","RetryJoin":["10.1.2.3","10.1.2.4:8300"],"UseTLS":true}`
          : `{"ID":"${b}","PeerDatacenter":"dc3","RetryJoin":null,"UseTLS":false}`;
      const listed = await call(sim, 'GET', AREA);
      expect(listed.text).toBe(`[${[a, b].sort().map(json).join(',')}]`); // sorted by ID
      expect((await call(sim, 'GET', `${AREA}/${a}`)).text).toBe(`[${json(a)}]`);
      expect(sim.consul().areas()).toEqual(
        [
          { id: a, peerDatacenter: 'dc2', retryJoin: ['10.1.2.3', '10.1.2.4:8300'], useTls: true },
          { id: b, peerDatacenter: 'dc3', retryJoin: null, useTls: false },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
    }));

  it('§4.8 GET of an unknown ID is 200 [] (UNCONFIRMED); PUT/DELETE/join/members of it are 500', () =>
    withSim(ent, async (sim) => {
      const id = '8f246b77-f3e1-ff88-5b48-8ec93abf3e05';
      expect((await call(sim, 'GET', `${AREA}/${id}`)).text).toBe('[]');
      for (const [method, path, body] of [
        ['PUT', `${AREA}/${id}`, '{"PeerDatacenter":"dc2"}'],
        ['DELETE', `${AREA}/${id}`, undefined],
        ['PUT', `${AREA}/${id}/join`, '[]'],
        ['GET', `${AREA}/${id}/members`, undefined],
      ] as const) {
        const res = await call(sim, method, path, { body });
        expect([method, path, res.status, res.text]).toEqual([method, path, 500, `area "${id}" not found`]);
      }
    }));

  it(
    '§4.8 PUT <id> updates RetryJoin/UseTLS and answers {"ID"}; ' +
      'a different PeerDatacenter is 400; DELETE → 200 empty',
    () =>
      withSim(ent, async (sim) => {
        const id = await create(sim, '{"PeerDatacenter":"dc2","RetryJoin":["a"]}');
        const put = await call(sim, 'PUT', `${AREA}/${id}`, {
          body: '{"ID":"ignored","PeerDatacenter":"dc2","UseTLS":true}',
        });
        expect([put.status, put.text]).toEqual([200, `{"ID":"${id}"}`]);
        expect(sim.consul().areas()).toEqual([{ id, peerDatacenter: 'dc2', retryJoin: null, useTls: true }]);
        const moved = await call(sim, 'PUT', `${AREA}/${id}`, { body: '{"PeerDatacenter":"dc3"}' });
        expect([moved.status, moved.text]).toEqual([400, 'Cannot change the peer datacenter of an area']);
        const missing = await call(sim, 'PUT', `${AREA}/${id}`, { body: '{"UseTLS":false}' });
        expect([missing.status, missing.text]).toEqual([400, 'Must specify a peer datacenter']);
        const del = await call(sim, 'DELETE', `${AREA}/${id}`);
        expect([del.status, del.text]).toEqual([200, '']);
        expect((await call(sim, 'GET', AREA)).text).toBe('[]');
      }),
  );

  it('§4.8 one area per peer datacenter, never with itself (500, UNCONFIRMED texts); a body ID is ignored', () =>
    withSim(ent, async (sim) => {
      const id = await create(sim, '{"ID":"mine","PeerDatacenter":"dc2"}');
      expect(id).not.toBe('mine');
      const dup = await call(sim, 'POST', AREA, { body: '{"PeerDatacenter":"dc2"}' });
      expect([dup.status, dup.text]).toEqual([500, 'an area with peer datacenter "dc2" already exists']);
      const self = await call(sim, 'POST', AREA, { body: '{"PeerDatacenter":"dc1"}' });
      expect([self.status, self.text]).toEqual([500, 'cannot create an area with the local datacenter "dc1"']);
      expect(() => sim.consul().createArea({ peerDatacenter: 'dc2' })).toThrow('already exists');
      // A peer the simulator does not know is still a valid area (it may exist elsewhere).
      await create(sim, '{"PeerDatacenter":"dc9"}');
    }));

  it('§4.8 §2.8 strict body decoding → 400 "Request decode failed: …"; missing PeerDatacenter → 400', () =>
    withSim(ent, async (sim) => {
      const cases: Array<[string | undefined, string]> = [
        [undefined, 'Request decode failed: EOF'],
        ['{"PeerDatacenter":"dc2","Nope":1}', 'Request decode failed: json: unknown field "Nope"'],
        [
          '{"PeerDatacenter":"dc2","RetryJoin":"x"}',
          'Request decode failed: json: cannot unmarshal string into Go struct field Area.RetryJoin of type []string',
        ],
        [
          '{"PeerDatacenter":"dc2","RetryJoin":[1]}',
          'Request decode failed: json: cannot unmarshal number into Go struct field Area.RetryJoin of type string',
        ],
        [
          '{"PeerDatacenter":"dc2","UseTLS":"yes"}',
          'Request decode failed: json: cannot unmarshal string into Go struct field Area.UseTLS of type bool',
        ],
        ['[]', 'Request decode failed: json: cannot unmarshal array into Go value of type structs.Area'],
        ['{}', 'Must specify a peer datacenter'],
      ];
      for (const [body, text] of cases) {
        const res = await call(sim, 'POST', AREA, { body });
        expect([body, res.status, res.text]).toEqual([body, 400, text]);
      }
      // Names match case-insensitively, as encoding/json does.
      await create(sim, '{"peerdatacenter":"dc2","usetls":true}');
    }));

  it('§4.8 PUT <id>/join: one {Address, Joined, Error} per address; simulated servers of both DCs join', () =>
    withSim(ent, async (sim) => {
      const id = await create(sim, '{"PeerDatacenter":"dc2"}');
      const res = await call(sim, 'PUT', `${AREA}/${id}/join`, { body: '["127.0.1.1","127.0.0.2:8300","10.1.2.3"]' });
      expect([res.status, res.text]).toEqual([
        200,
        '[{"Address":"127.0.1.1","Joined":true,"Error":""},{"Address":"127.0.0.2:8300","Joined":true,"Error":""},' +
          '{"Address":"10.1.2.3","Joined":false,"Error":"Failed to join ' +
          '10.1.2.3:8300: dial tcp 10.1.2.3:8300: connect: connection refused"}]',
      ]);
      expect((await call(sim, 'PUT', `${AREA}/${id}/join`, { body: '[]' })).text).toBe('[]');
      const bad = await call(sim, 'PUT', `${AREA}/${id}/join`, { body: '{"a":1}' });
      expect([bad.status, bad.text]).toEqual([
        400,
        'Request decode failed: json: cannot unmarshal object into Go value of type []string',
      ]);
    }));

  it('§4.8 GET <id>/members: SerfMembers of both DCs (RTT integer ns); empty when the peer is not simulated', () =>
    withSim(ent, async (sim) => {
      const id = await create(sim, '{"PeerDatacenter":"dc2"}');
      const [s1] = sim.consul('dc1').servers();
      const [p1] = sim.consul('dc2').servers();
      sim.consul('dc1').setServerHealth('dc1-server-2', { serfStatus: 'failed' });
      const members = JSON.parse((await call(sim, 'GET', `${AREA}/${id}/members`)).text) as Array<
        Record<string, unknown>
      >;
      expect(members.map((m) => [m.Name, m.Status])).toEqual([
        ['dc1-server-1.dc1', 'alive'],
        ['dc1-server-2.dc1', 'failed'],
        ['dc1-server-3.dc1', 'alive'],
        ['dc2-server-1.dc2', 'alive'],
      ]);
      const text = (await call(sim, 'GET', `${AREA}/${id}/members`)).text;
      expect(
        text.startsWith(
          `[{"ID":"${s1!.id}","Name":"dc1-server-1.dc1","Addr":"127.0.0.1","Port":8300,"Datacenter":"dc1",` +
            `"Role":"server","Build":"1.22.0+ent","Protocol":2,"Status":"alive","RTT":150000},`,
        ),
      ).toBe(true);
      expect(members[3]).toEqual({
        ID: p1!.id,
        Name: 'dc2-server-1.dc2',
        Addr: '127.0.1.1',
        Port: 8300,
        Datacenter: 'dc2',
        Role: 'server',
        Build: '1.22.0+ent',
        Protocol: 2,
        Status: 'alive',
        RTT: 2_000_000,
      });
      const lonely = sim.consul().createArea({ peerDatacenter: 'elsewhere', retryJoin: ['10.0.0.1'] });
      expect((await call(sim, 'GET', `${AREA}/${lonely}/members`)).text).toBe('[]');
    }));

  it('§2.6 areas are per datacenter: ?dc routes, unknown DC → 500 "No path to datacenter"', () =>
    withSim(ent, async (sim) => {
      const id = await create(sim, '{"PeerDatacenter":"dc1"}', '?dc=dc2');
      expect((await call(sim, 'GET', AREA)).text).toBe('[]');
      expect(JSON.parse((await call(sim, 'GET', `${AREA}?dc=dc2`)).text)[0].ID).toBe(id);
      expect(
        sim
          .consul('dc2')
          .areas()
          .map((a) => a.peerDatacenter),
      ).toEqual(['dc1']);
      expect((await call(sim, 'GET', `${AREA}/${id}`)).text).toBe('[]');
      const nowhere = await call(sim, 'GET', `${AREA}?dc=nope`);
      expect([nowhere.status, nowhere.text]).toEqual([500, 'No path to datacenter']);
    }));

  it(
    '§4.8 reads carry blocking-query headers (X-Consul-Index ' +
      '= last area write), honour ?stale, writes need the leader',
    () =>
      withSim(ent, async (sim) => {
        expect((await call(sim, 'GET', AREA)).headers.get('x-consul-index')).toBe('1');
        await create(sim, '{"PeerDatacenter":"dc2"}');
        const res = await call(sim, 'GET', AREA);
        expect(res.headers.get('x-consul-index')).toBe(String(sim.consul().raftIndex()));
        expect([res.headers.get('x-consul-knownleader'), res.headers.get('x-consul-effective-consistency')]).toEqual([
          'true',
          'leader',
        ]);
        expect((await call(sim, 'GET', AREA + '?wait=x')).text).toBe('Invalid wait time');
        sim.faults.noLeader('dc1', true);
        const stale = await call(sim, 'GET', AREA + '?stale');
        expect([
          stale.status,
          stale.headers.get('x-consul-knownleader'),
          stale.headers.get('x-consul-effective-consistency'),
        ]).toEqual([200, 'false', 'stale']);
        expect((await call(sim, 'GET', AREA)).text).toBe('No cluster leader');
        expect((await call(sim, 'POST', AREA, { body: '{"PeerDatacenter":"dc3"}' })).text).toBe('No cluster leader');
      }),
  );

  it(
    '§2.2 allow-lists: /area GET,POST; /area/<id> GET,PUT,DELETE; ' +
      'join PUT only and members GET only (handler 405)',
    () =>
      withSim(ent, async (sim) => {
        expect((await call(sim, 'OPTIONS', AREA)).headers.get('allow')).toBe('OPTIONS,GET,POST');
        expect((await call(sim, 'OPTIONS', `${AREA}/x`)).headers.get('allow')).toBe('OPTIONS,GET,PUT,DELETE');
        const cases: Array<[string, string, string]> = [
          ['PUT', AREA, 'OPTIONS,GET,POST'],
          ['POST', `${AREA}/x`, 'OPTIONS,GET,PUT,DELETE'],
          ['GET', `${AREA}/x/join`, 'PUT'],
          ['DELETE', `${AREA}/x/members`, 'GET'],
        ];
        for (const [method, path, allow] of cases) {
          const res = await call(sim, method, path);
          expect([method, path, res.status, res.text, res.headers.get('allow')]).toEqual([
            method,
            path,
            405,
            `method ${method} not allowed`,
            allow,
          ]);
        }
        const empty = await call(sim, 'GET', `${AREA}/`);
        expect([empty.status, empty.text]).toEqual([400, 'Missing area ID']);
      }),
  );

  it('§4.8 ACLs: operator:read for GETs, operator:write for POST/PUT/DELETE/join', () => {
    const acl: SimAclSpec = {
      enabled: true,
      tokens: [
        { secret: 'r', accessorId: 'aaaaaaaa-0000-0000-0000-000000000001', permissions: ['operator:read'] },
        { secret: 'w', permissions: ['operator:write'] },
      ],
    };
    return withSim({ ...ent, acl }, async (sim) => {
      const r = { 'X-Consul-Token': 'r' };
      const w = { 'X-Consul-Token': 'w' };
      const id = sim.consul().createArea({ peerDatacenter: 'dc2' });
      for (const path of [AREA, `${AREA}/${id}`, `${AREA}/${id}/members`])
        expect((await call(sim, 'GET', path, { headers: r })).status).toBe(200);
      const denied = await call(sim, 'POST', AREA, { headers: r, body: '{"PeerDatacenter":"dc3"}' });
      expect([denied.status, denied.text]).toEqual([
        403,
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000001' lacks permission 'operator:write'",
      ]);
      expect((await call(sim, 'PUT', `${AREA}/${id}/join`, { headers: r, body: '[]' })).status).toBe(403);
      expect((await call(sim, 'DELETE', `${AREA}/${id}`, { headers: r })).status).toBe(403);
      expect((await call(sim, 'POST', AREA, { headers: r, body: '{}' })).status).toBe(400); // request errors first
      expect((await call(sim, 'GET', AREA)).status).toBe(403);
      expect((await call(sim, 'PUT', `${AREA}/${id}`, { headers: w, body: '{"PeerDatacenter":"dc2"}' })).status).toBe(
        200,
      );
      expect((await call(sim, 'DELETE', `${AREA}/${id}`, { headers: w })).status).toBe(200);
    });
  });
});
