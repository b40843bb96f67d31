import { describe, expect, it } from 'vitest';
import type { SimAclSpec } from '../../src/sim/index.js';
import { CONFIG, HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER, STATE, call, withSim } from './helpers.js';

const acl: SimAclSpec = {
  enabled: true,
  tokens: [
    { secret: 'reader', accessorId: 'aaaaaaaa-0000-0000-0000-000000000001', permissions: ['operator:read'] },
    { secret: 'writer', accessorId: 'aaaaaaaa-0000-0000-0000-000000000002', permissions: ['operator:write'] },
    {
      secret: 'keys',
      accessorId: 'aaaaaaaa-0000-0000-0000-000000000003',
      permissions: ['keyring:read', 'keyring:write'],
    },
  ],
};

const ANON_DENIED =
  "Permission denied: anonymous token lacks permission 'operator:read'. " +
  'The anonymous token is used implicitly when a request does not specify a token.';

describe('ACLs disabled (consul-operator-api.md §2.5)', () => {
  it('§2.5 every token, even garbage, is accepted; the policy header says allow', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body: '{}', headers: { 'X-Consul-Token': 'garbage' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-consul-default-acl-policy')).toBe('allow');
    }));
});

describe('ACLs enabled (consul-operator-api.md §2.5)', () => {
  it('§2.2 the default policy header reflects acl.default_policy', () =>
    withSim({ acl }, async (sim) => {
      expect((await call(sim, 'GET', CONFIG)).headers.get('x-consul-default-acl-policy')).toBe('deny');
    }));

  it('§2.5 no token → anonymous denial text, 403', () =>
    withSim({ acl }, async (sim) => {
      for (const path of [CONFIG, HEALTH, STATE, RAFT_CONFIG]) {
        const res = await call(sim, 'GET', path);
        expect([path, res.status, res.text]).toEqual([path, 403, ANON_DENIED]);
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      }
    }));

  it('§2.5 unknown secret → 403 "ACL not found"', () =>
    withSim({ acl }, async (sim) => {
      const res = await call(sim, 'GET', CONFIG, { headers: { 'X-Consul-Token': 'nope' } });
      expect(res.status).toBe(403);
      expect(res.text).toBe('ACL not found');
    }));

  it('§2.5 insufficient permission names the accessor and the permission', () =>
    withSim({ acl }, async (sim) => {
      const put = await call(sim, 'PUT', CONFIG, { body: '{}', headers: { 'X-Consul-Token': 'reader' } });
      expect(put.status).toBe(403);
      expect(put.text).toBe(
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000001' lacks permission 'operator:write'",
      );
      const del = await call(sim, 'DELETE', RAFT_PEER + '?id=x', { headers: { 'X-Consul-Token': 'keys' } });
      expect(del.text).toBe(
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000003' lacks permission 'operator:write'",
      );
      const get = await call(sim, 'GET', CONFIG, { headers: { 'X-Consul-Token': 'keys' } });
      expect(get.text).toBe(
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000003' lacks permission 'operator:read'",
      );
    }));

  it('§2.5 operator:write implies operator:read', () =>
    withSim({ acl }, async (sim) => {
      const h = { 'X-Consul-Token': 'writer' };
      expect((await call(sim, 'GET', CONFIG, { headers: h })).status).toBe(200);
      expect((await call(sim, 'PUT', CONFIG, { body: '{}', headers: h })).status).toBe(200);
      expect((await call(sim, 'GET', CONFIG, { headers: { 'X-Consul-Token': 'reader' } })).status).toBe(200);
    }));

  it('§2.5 precedence: ?token > X-Consul-Token > Authorization: Bearer', () =>
    withSim({ acl }, async (sim) => {
      const status = async (q: string, headers: Record<string, string>) =>
        (await call(sim, 'GET', CONFIG + q, { headers })).status;
      expect(await status('?token=reader', { 'X-Consul-Token': 'nope', Authorization: 'Bearer nope' })).toBe(200);
      expect(await status('?token=', { 'X-Consul-Token': 'reader', Authorization: 'Bearer nope' })).toBe(200);
      expect(await status('', { 'X-Consul-Token': 'nope', Authorization: 'Bearer reader' })).toBe(403);
      expect(await status('', { Authorization: 'bEaReR reader extra words' })).toBe(200);
      // Other schemes are ignored: the request is anonymous.
      const basic = await call(sim, 'GET', CONFIG, { headers: { Authorization: 'Basic reader' } });
      expect(basic.text).toBe(ANON_DENIED);
    }));

  it('§2.3 a literal allow/deny/manage token is 500 "Cannot resolve root ACL"', () =>
    withSim({ acl }, async (sim) => {
      for (const t of ['allow', 'deny', 'manage']) {
        const res = await call(sim, 'GET', CONFIG, { headers: { 'X-Consul-Token': t } });
        expect([res.status, res.text]).toEqual([500, 'Cannot resolve root ACL']);
      }
    }));

  it('§1 /v1/status/leader needs no token', () =>
    withSim({ acl }, async (sim) => {
      expect((await call(sim, 'GET', LEADER)).status).toBe(200);
    }));

  it('§4.5 request errors (400) are reported before the ACL check on the server', () =>
    withSim({ acl }, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body: '{"Nope":1}' });
      expect(res.status).toBe(400);
    }));

  it('§2.5 a configured "anonymous" token grants its permissions to token-less requests', () =>
    withSim(
      { acl: { enabled: true, tokens: [{ secret: 'anonymous', permissions: ['operator:read'] }] } },
      async (sim) => {
        expect((await call(sim, 'GET', CONFIG)).status).toBe(200);
      },
    ));
});
