import { describe, expect, it } from 'vitest';
import { call, withSim } from './helpers.js';

/**
 * Consul's session and KV endpoints, from Consul's source (U:agent/session_endpoint.go, U:agent/kvs_endpoint.go,
 * state/kvs.go).
 */
const LOCK = '/v1/kv/opstack/lock';
const create = async (sim: Parameters<typeof call>[0], body: object = { TTL: '15s', LockDelay: '1s' }, token = '') =>
  call(sim, 'PUT', '/v1/session/create', {
    body: JSON.stringify(body),
    headers: token ? { 'X-Consul-Token': token } : {},
  });
const idOf = async (res: Promise<{ text: string }>) => (JSON.parse((await res).text) as { ID: string }).ID;

describe('sessions (Consul session API)', () => {
  it('create answers {"ID"}; info, renew and destroy work on it; an unknown one is 404 to renew', () =>
    withSim({}, async (sim) => {
      const id = await idOf(create(sim, { Name: 'opstack apply', TTL: '15s', Behavior: 'delete' }));
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const info = JSON.parse((await call(sim, 'GET', `/v1/session/info/${id}`)).text);
      expect(info).toEqual([
        {
          ID: id,
          Name: 'opstack apply',
          Node: 'dc1-server-1',
          LockDelay: 15_000_000_000,
          Behavior: 'delete',
          TTL: '15s',
          NodeChecks: ['serfHealth'],
          ServiceChecks: null,
          CreateIndex: expect.any(Number),
          ModifyIndex: expect.any(Number),
        },
      ]);
      expect((await call(sim, 'PUT', `/v1/session/renew/${id}`)).status).toBe(200);
      const destroyed = await call(sim, 'PUT', `/v1/session/destroy/${id}`);
      expect([destroyed.status, destroyed.text]).toEqual([200, 'true']);
      const renew = await call(sim, 'PUT', `/v1/session/renew/${id}`);
      expect([renew.status, renew.text]).toEqual([404, `Session id '${id}' not found`]);
      expect(JSON.parse((await call(sim, 'GET', `/v1/session/info/${id}`)).text)).toEqual([]);
    }));

  it.each([
    [{ TTL: '5s' }, 500, "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]"],
    [{ TTL: 'soon' }, 500, 'Session TTL \'soon\' invalid: time: invalid duration "soon"'],
    [{ Behavior: 'keep' }, 500, "Invalid Behavior setting 'keep'"],
    // Session.UnmarshalJSON: unknown fields ignored, field errors through the embedded Alias (real consul 1.21).
    [
      { TTL: 5 },
      400,
      'Request decode failed: json: cannot unmarshal number into Go struct field .Alias.TTL of type string',
    ],
    [
      [1],
      400,
      'Request decode failed: json: cannot unmarshal array into Go value of type ' +
        'struct { LockDelay interface {}; *structs.Alias }',
    ],
  ])('create %j → %i %s', (body, status, text) =>
    withSim({}, async (sim) => {
      const res = await create(sim, body);
      expect([res.status, res.text]).toEqual([status, text]);
    }),
  );

  it('create ignores unknown fields and matches the rest case-insensitively, as a real consul 1.21 did', () =>
    withSim({}, async (sim) => {
      const res = await create(sim, { Foo: 1, name: 'lower', TTL: '15s' });
      expect(res.status).toBe(200);
      const [info] = JSON.parse((await call(sim, 'GET', `/v1/session/info/${JSON.parse(res.text).ID}`)).text);
      expect(info).toMatchObject({ Name: 'lower', TTL: '15s' });
    }));

  it('ACLs: session:write on the agent node, with the denial text naming it', () =>
    withSim(
      { acl: { enabled: true, tokens: [{ secret: 'kv-only', accessorId: 'acc-kv', permissions: ['key:write'] }] } },
      async (sim) => {
        const res = await create(sim, {}, 'kv-only');
        expect([res.status, res.text]).toEqual([
          403,
          `Permission denied: token with AccessorID 'acc-kv' lacks permission 'session:write' on "dc1-server-1"`,
        ]);
      },
    ));
});

describe('KV lock: ?acquire= and ?release= (Consul KV API, state/kvs.go kvsLockTxn)', () => {
  it('the first session acquires (true), another gets false; GET shows the holder; only the holder releases', () =>
    withSim({}, async (sim) => {
      const [a, b] = [await idOf(create(sim)), await idOf(create(sim))];
      expect((await call(sim, 'PUT', `${LOCK}?acquire=${a}`, { body: '{"who":"a"}' })).text).toBe('true');
      expect((await call(sim, 'PUT', `${LOCK}?acquire=${b}`, { body: '{"who":"b"}' })).text).toBe('false');
      const got = await call(sim, 'GET', LOCK);
      expect(got.headers.get('x-consul-index')).toMatch(/^\d+$/);
      expect(JSON.parse(got.text)).toEqual([
        {
          LockIndex: 1,
          Key: 'opstack/lock',
          Flags: 0,
          Value: Buffer.from('{"who":"a"}').toString('base64'),
          Session: a,
          CreateIndex: expect.any(Number),
          ModifyIndex: expect.any(Number),
        },
      ]);
      expect((await call(sim, 'PUT', `${LOCK}?release=${b}`)).text).toBe('false');
      expect((await call(sim, 'PUT', `${LOCK}?release=${a}`)).text).toBe('true');
      expect((await call(sim, 'PUT', `${LOCK}?acquire=${b}`, { body: '{"who":"b"}' })).text).toBe('true');
      expect(sim.consul('dc1').kvEntry('opstack/lock')).toEqual({ value: '{"who":"b"}', session: b, lockIndex: 2 });
    }));

  // As a real consul 1.21 answered: the state store's refusals come through the raft apply.
  it('an unknown or empty session is an error; two of cas/acquire/release are a 400', () =>
    withSim({}, async (sim) => {
      const bad = await call(sim, 'PUT', `${LOCK}?acquire=nope`);
      expect([bad.status, bad.text]).toEqual([500, 'raft apply failed: invalid session "nope"']);
      for (const op of ['acquire', 'release']) {
        const empty = await call(sim, 'PUT', `${LOCK}?${op}=`);
        expect([empty.status, empty.text]).toEqual([500, 'raft apply failed: missing session']);
      }
      const both = await call(sim, 'PUT', `${LOCK}?acquire=a&release=a`);
      expect([both.status, both.text]).toEqual([400, 'Conflicting flags: acquire=a&release=a']);
    }));

  it('a missing key is 404 with no body and no Content-Type; KV reads name no effective consistency', () =>
    withSim({}, async (sim) => {
      for (const query of ['', '?stale', '?consistent']) {
        const missing = await call(sim, 'GET', `/v1/kv/absent${query}`);
        expect([missing.status, missing.text, missing.headers.get('content-type')]).toEqual([404, '', null]);
        expect(missing.headers.get('x-consul-effective-consistency')).toBeNull();
        expect(missing.headers.get('x-consul-query-backend')).toBe('blocking-query');
      }
    }));

  it('destroying a session that holds the key starts its lock-delay; Behavior delete removes the key', () =>
    withSim({}, async (sim) => {
      const holder = await idOf(create(sim, { LockDelay: '1h' }));
      await call(sim, 'PUT', `${LOCK}?acquire=${holder}`, { body: 'x' });
      await call(sim, 'PUT', `/v1/session/destroy/${holder}`);
      expect(sim.consul('dc1').kvEntry('opstack/lock')).toEqual({ value: 'x', session: '', lockIndex: 1 });
      const next = await idOf(create(sim, {})); // no TTL: it never expires
      expect((await call(sim, 'PUT', `${LOCK}?acquire=${next}`, { body: 'y' })).text).toBe('false'); // lock-delay
      const deleting = await idOf(create(sim, { TTL: '15s', Behavior: 'delete', LockDelay: '0s' }));
      await call(sim, 'PUT', `/v1/kv/other?acquire=${deleting}`, { body: 'z' });
      sim.consul('dc1').expireSessions();
      expect(sim.consul('dc1').kvEntry('other')).toBeUndefined();
      expect(sim.consul('dc1').sessions()).toEqual([next]); // the TTL-less one stays
    }));

  it('ACLs: key:write on the key, with the denial text naming it', () =>
    withSim(
      { acl: { enabled: true, tokens: [{ secret: 'sess', accessorId: 'acc-s', permissions: ['session:write'] }] } },
      async (sim) => {
        const id = await idOf(create(sim, {}, 'sess'));
        const res = await call(sim, 'PUT', `${LOCK}?acquire=${id}`, { headers: { 'X-Consul-Token': 'sess' } });
        expect([res.status, res.text]).toEqual([
          403,
          `Permission denied: token with AccessorID 'acc-s' lacks permission 'key:write' on "opstack/lock"`,
        ]);
      },
    ));
});
