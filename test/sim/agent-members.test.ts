import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { uuidFrom } from '../../src/sim/uuid.js';
import { call, withSim } from './helpers.js';

const MEMBERS = '/v1/agent/members';
const PROTOCOLS = '"ProtocolMin":1,"ProtocolMax":5,"ProtocolCur":2,"DelegateMin":2,"DelegateMax":5,"DelegateCur":4';

/** A server's member entry as Consul's encoding/json writes serf.Member (SF serf/serf.go:138-154), tags sorted. */
function serverEntry(sim: Simulator, name: string, opts: { wan?: string; status?: number; expect?: number } = {}) {
  const server = sim
    .consul(opts.wan)
    .servers()
    .find((s) => s.name === name)!;
  const [addr, port] = server.address.split(':');
  const tags =
    `{"acls":"0","build":"1.22.0:0badc0de","dc":"${opts.wan ?? 'dc1'}","expect":"${opts.expect ?? 3}",` +
    `"ft_fs":"1","ft_si":"1","id":"${server.id}","port":"${port}","raft_vsn":"3","role":"consul",` +
    `"segment":"","vsn":"2","vsn_max":"3","vsn_min":"2"${opts.wan ? '' : ',"wan_join_port":"8302"'}}`;
  const member = opts.wan ? `${name}.${opts.wan}` : name;
  return (
    `{"Name":"${member}","Addr":"${addr}","Port":${opts.wan ? 8302 : 8301},"Tags":${tags},` +
    `"Status":${opts.status ?? 1},${PROTOCOLS}}`
  );
}

function clientEntry(name: string, addr: string, status = 1) {
  const tags =
    `{"build":"1.22.0:0badc0de","dc":"dc1","id":"${uuidFrom(`client:dc1:${name}`)}","role":"node",` +
    `"segment":"","vsn":"2","vsn_max":"3","vsn_min":"2"}`;
  return `{"Name":"${name}","Addr":"${addr}","Port":8301,"Tags":${tags},"Status":${status},${PROTOCOLS}}`;
}

const twoDcs = {
  datacenters: [
    { name: 'dc1', gossip: { clients: 2 } },
    { name: 'dc2', servers: 1 },
  ],
};

describe('GET /v1/agent/members (U:agent/agent_endpoint.go:573-659)', () => {
  it('lists the LAN pool by default: servers then clients, numeric Status, serf tags; ?dc is ignored', () =>
    withSim(twoDcs, async (sim) => {
      const res = await call(sim, 'GET', `${MEMBERS}?dc=dc2`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-consul-index')).toBeNull(); // agent-local: no s.parse, no query meta
      expect(res.text).toBe(
        '[' +
          [
            serverEntry(sim, 'dc1-server-1'),
            serverEntry(sim, 'dc1-server-2'),
            serverEntry(sim, 'dc1-server-3'),
            clientEntry('dc1-client-1', '127.0.0.101'),
            clientEntry('dc1-client-2', '127.0.0.102'),
          ].join(',') +
          ']',
      );
    }));

  it('?wan=<anything> lists the WAN pool of every datacenter, named <node>.<dc>, without wan_join_port', () =>
    withSim(twoDcs, async (sim) => {
      const expected =
        '[' +
        [
          serverEntry(sim, 'dc1-server-1', { wan: 'dc1' }),
          serverEntry(sim, 'dc1-server-2', { wan: 'dc1' }),
          serverEntry(sim, 'dc1-server-3', { wan: 'dc1' }),
          serverEntry(sim, 'dc2-server-1', { wan: 'dc2', expect: 1 }),
        ].join(',') +
        ']';
      for (const value of ['1', '0', 'false'])
        expect((await call(sim, 'GET', `${MEMBERS}?wan=${value}`)).text).toBe(expected);
      expect((await call(sim, 'GET', `${MEMBERS}?wan=`)).text).not.toContain('.dc1');
    }));

  it('a failed server is 4, a left client 3; both stay members (serf.go:159-165)', () =>
    withSim(twoDcs, async (sim) => {
      sim.consul().killServer('dc1-server-2');
      sim.consul().setClientStatus('dc1-client-1', 'left');
      const res = await call(sim, 'GET', MEMBERS);
      expect(res.text).toBe(
        '[' +
          [
            serverEntry(sim, 'dc1-server-1'),
            serverEntry(sim, 'dc1-server-2', { status: 4 }),
            serverEntry(sim, 'dc1-server-3'),
            clientEntry('dc1-client-1', '127.0.0.101', 3),
            clientEntry('dc1-client-2', '127.0.0.102'),
          ].join(',') +
          ']',
      );
      const wan = await call(sim, 'GET', `${MEMBERS}?wan=1`);
      expect(wan.text).toContain(serverEntry(sim, 'dc1-server-2', { wan: 'dc1', status: 4 }));
    }));

  it('a server without a WAN pool (ports.serf_wan = -1) answers null for ?wan=1 and no wan_join_port', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 1, gossip: { wan: false } }] }, async (sim) => {
      expect((await call(sim, 'GET', `${MEMBERS}?wan=1`)).text).toBe('null');
      expect((await call(sim, 'GET', MEMBERS)).text).not.toContain('wan_join_port');
    }));

  it('segments: _all is every segment (what `consul members` sends); a named one is 500 in CE', () =>
    withSim(twoDcs, async (sim) => {
      const all = await call(sim, 'GET', MEMBERS);
      expect((await call(sim, 'GET', `${MEMBERS}?segment=_all`)).text).toBe(all.text);
      expect((await call(sim, 'GET', `${MEMBERS}?wan=1&segment=_all`)).status).toBe(200);
      const named = await call(sim, 'GET', `${MEMBERS}?segment=alpha`);
      expect([named.status, named.text]).toEqual([500, 'Network segments are not supported in this version of Consul']);
      const wan = await call(sim, 'GET', `${MEMBERS}?wan=1&segment=alpha`);
      expect([wan.status, wan.text]).toEqual([400, 'Cannot provide a segment with wan=true']);
    }));

  it('a partition is refused in CE (U:agent/http_ce.go:109-124); only GET is registered', () =>
    withSim(twoDcs, async (sim) => {
      const query = await call(sim, 'GET', `${MEMBERS}?partition=p1`);
      expect([query.status, query.text]).toEqual([
        400,
        'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature',
      ]);
      const header = await call(sim, 'GET', MEMBERS, { headers: { 'X-Consul-Partition': 'p1' } });
      expect([header.status, header.text]).toEqual([
        400,
        'Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature',
      ]);
      const put = await call(sim, 'PUT', MEMBERS);
      expect([put.status, put.headers.get('allow')]).toEqual([405, 'OPTIONS,GET']);
    }));

  it('ACLs filter members without node:read instead of refusing (U:agent/acl.go:157-181)', () =>
    withSim(
      {
        datacenters: [{ name: 'dc1', servers: 1 }],
        acl: {
          enabled: true,
          tokens: [
            { secret: 'nodes', permissions: ['node:read'] },
            { secret: 'keys', permissions: ['keyring:read'] },
          ],
        },
      },
      async (sim) => {
        const withToken = (token: string) => call(sim, 'GET', MEMBERS, { headers: { 'X-Consul-Token': token } });
        const allowed = await withToken('nodes');
        expect(JSON.parse(allowed.text)).toHaveLength(1);
        expect(allowed.text).toContain('"acls":"1"');
        expect(allowed.headers.get('x-consul-results-filtered-by-acls')).toBeNull();
        const denied = await withToken('keys');
        expect([denied.status, denied.text]).toEqual([200, '[]']);
        expect(denied.headers.get('x-consul-results-filtered-by-acls')).toBe('true');
        // The anonymous token named no token: no header, so nothing leaks about what exists.
        const anonymous = await call(sim, 'GET', MEMBERS);
        expect([anonymous.text, anonymous.headers.get('x-consul-results-filtered-by-acls')]).toEqual(['[]', null]);
        const unknown = await withToken('nope');
        expect([unknown.status, unknown.text]).toEqual([403, 'ACL not found']);
      },
    ));

  it('?filter= is not simulated: a loud 501, not a silently unfiltered list', () =>
    withSim(twoDcs, async (sim) => {
      const res = await call(sim, 'GET', `${MEMBERS}?filter=${encodeURIComponent('Status == 1')}`);
      expect([res.status, res.text]).toEqual([501, 'simulator: ?filter= on /v1/agent/members is not simulated']);
    }));
});
