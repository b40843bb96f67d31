import { describe, expect, it } from 'vitest';
import { call, withNomad } from './helpers.js';

/**
 * Nomad's variable locks, from Nomad's source (N:command/agent/variable_endpoint.go, N:nomad/variables_endpoint.go,
 * state_store_variables.go).
 */
const LOCK = '/v1/var/opstack/lock';
const put = (sim: Parameters<typeof call>[0], op: string, body: object, token = '') =>
  call(sim, 'PUT', `${LOCK}?${op}`, { body: JSON.stringify(body), headers: token ? { 'X-Nomad-Token': token } : {} });
const acquire = (sim: Parameters<typeof call>[0], items: Record<string, string> = { who: 'a' }, token = '') =>
  put(sim, 'lock-acquire', { Items: items, Lock: { TTL: '15s', LockDelay: '1s' } }, token);

describe('variable locks (Nomad variables lock API)', () => {
  it('lock-acquire creates the variable with the lock; a second acquire is 409 with the zero-value conflict', () =>
    withNomad({}, async (sim) => {
      const first = await acquire(sim);
      expect(first.status).toBe(200);
      const body = JSON.parse(first.text);
      expect(body).toMatchObject({
        Namespace: 'default',
        Path: 'opstack/lock',
        Lock: { TTL: '15s', LockDelay: '1s', ID: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        Items: { who: 'a' },
      });
      // go-msgpack sorts the (flattened) struct fields by name (nomad/encode.ts).
      expect(Object.keys(body)).toEqual([
        'CreateIndex',
        'CreateTime',
        'Items',
        'Lock',
        'ModifyIndex',
        'ModifyTime',
        'Namespace',
        'Path',
      ]);
      const second = await acquire(sim, { who: 'b' });
      expect([second.status, JSON.parse(second.text)]).toEqual([
        409,
        { Namespace: 'default', Path: 'opstack/lock', CreateIndex: 0, CreateTime: 0, ModifyIndex: 0, ModifyTime: 0 },
      ]);
      expect(sim.region().variable('opstack/lock')).toEqual({ items: { who: 'a' }, locked: true });
    }));

  it('lock-renew and lock-release need the lock ID; the wrong one is refused', () =>
    withNomad({}, async (sim) => {
      const id = JSON.parse((await acquire(sim)).text).Lock.ID as string;
      expect((await put(sim, 'lock-renew', { Lock: { ID: id } })).status).toBe(200);
      const wrong = await put(sim, 'lock-renew', { Lock: { ID: 'not-it' } });
      expect([wrong.status, wrong.text]).toEqual([409, 'attempting to modify locked variable']);
      expect((await put(sim, 'lock-release', { Lock: { ID: 'not-it' } })).status).toBe(409);
      const released = await put(sim, 'lock-release', { Lock: { ID: id } });
      expect(released.status).toBe(200);
      expect(JSON.parse(released.text).Lock).toBeUndefined();
      const again = await put(sim, 'lock-release', { Lock: { ID: id } });
      expect([again.status, again.text]).toEqual([500, "variable doesn't hold a lock"]);
      expect(sim.region().variable('opstack/lock')).toEqual({ items: { who: 'a' }, locked: false });
    }));

  it('an expired lock cannot be renewed, blocks for its lock-delay, then goes (its items stay)', () =>
    withNomad({}, async (sim) => {
      const id = JSON.parse((await acquire(sim)).text).Lock.ID as string;
      sim.region().expireLocks();
      expect((await put(sim, 'lock-renew', { Lock: { ID: id } })).status).toBe(409);
      expect((await acquire(sim, { who: 'b' })).status).toBe(409); // lock-delay (1s)
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await acquire(sim, { who: 'b' })).status).toBe(200);
    }));

  // Validation errors keep one `RPC Error:: 400,` prefix, as a real Nomad 2.0.6 answered.
  it.each([
    [
      'lock-acquire',
      { Lock: { TTL: '5s' } },
      400,
      'RPC Error:: 400,1 error occurred:\n\t* TTL must be between 10 seconds and 24 hours\n\n',
    ],
    [
      'lock-acquire',
      { Lock: { TTL: '-5s' } },
      400,
      'RPC Error:: 400,2 errors occurred:\n\t* Lock delay and TTL must be positive\n\t' +
        '* TTL must be between 10 seconds and 24 hours\n\n',
    ],
    ['lock-acquire&lock-release', { Lock: { ID: 'x' } }, 400, 'multiple lock operations'],
    ['lock-release', {}, 400, 'RPC Error:: 400,missing lock information'],
    ['lock-acquire&cas=3', {}, 400, "CAS can't be used with lock operations"],
  ])('?%s %j → %i %s', (op, body, status, text) =>
    withNomad({}, async (sim) => {
      const res = await put(sim, op, body);
      expect([res.status, res.text]).toEqual([status, text]);
    }),
  );

  it('paths under nomad/ are reserved, for a lock and a plain write alike', () =>
    withNomad({}, async (sim) => {
      const reserved =
        'RPC Error:: 400,only paths at "nomad/jobs" or "nomad/job-templates" and ' +
        'below are valid paths under the top-level "nomad" directory';
      const lock = await call(sim, 'PUT', '/v1/var/nomad/lock?lock-acquire', { body: '{}' });
      expect([lock.status, lock.text]).toEqual([400, reserved]);
      const write = await call(sim, 'PUT', '/v1/var/nomad/lock', { body: '{"Items":{"a":"b"}}' });
      expect([write.status, write.text]).toEqual([400, reserved]);
    }));

  it('ACLs: variables write to lock, read to read it; anything less is 403 Permission denied', () =>
    withNomad(
      {
        acl: {
          enabled: true,
          tokens: [
            { secret: 'writer', type: 'client', capabilities: ['variables:write'] },
            { secret: 'reader', type: 'client', capabilities: ['variables:read'] },
          ],
        },
      },
      async (sim) => {
        expect((await acquire(sim, { who: 'a' }, 'reader')).status).toBe(403);
        const locked = await acquire(sim, { who: 'a' }, 'writer');
        expect(locked.status).toBe(200);
        const denied = await call(sim, 'GET', LOCK, { headers: { 'X-Nomad-Token': 'writer' } });
        expect([denied.status, denied.text]).toEqual([403, 'Permission denied']);
        const read = JSON.parse((await call(sim, 'GET', LOCK, { headers: { 'X-Nomad-Token': 'reader' } })).text);
        expect(read.Items).toEqual({ who: 'a' });
        expect(read.Lock).toBeUndefined(); // only management sees the lock
      },
    ));
});
