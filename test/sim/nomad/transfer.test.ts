import { describe, expect, it } from 'vitest';
import { TRANSFER, call, withNomad } from './helpers.js';

describe('PUT|POST /v1/operator/raft/transfer-leadership (nomad-operator-api.md §3.3)', () => {
  it('§3.3 validation 400s in order', () =>
    withNomad({}, async (sim) => {
      const cases: Array<[string, string]> = [
        ['', 'must specify id or address'],
        ['?id=x&address=1.2.3.4:4647', 'must specify either id or address'],
        ['?id', 'id must be non-empty'],
        ['?id=', 'id must be non-empty'],
        ['?id=a&id=b', 'must specify only one id'],
        ['?address=', 'address must be non-empty'],
        ['?address=1.2.3.4:1&address=1.2.3.4:2', 'must specify only one address'],
        ['?id=abc', 'id must be a uuid: uuid string is wrong length'],
        ['?id=123456789012345678901234567890123456', 'id must be a uuid: uuid is improperly formatted'],
        ['?address=localhost', 'address must be in IP:port format: not an ip:port'],
      ];
      for (const [query, text] of cases) {
        const res = await call(sim, 'PUT', TRANSFER + query);
        expect([query, res.status, res.text]).toEqual([query, 400, text]);
      }
    }));

  it("§3.3 an unknown target is 400 (unlike peer removal's 500)", () =>
    withNomad({}, async (sim) => {
      const id = '00000000-0000-0000-0000-000000000000';
      let res = await call(sim, 'PUT', `${TRANSFER}?id=${id}`);
      expect([res.status, res.text]).toEqual([400, `id "${id}" was not found in the Raft configuration`]);
      res = await call(sim, 'POST', `${TRANSFER}?address=10.9.9.9:4647`);
      expect([res.status, res.text]).toEqual([400, 'address "10.9.9.9:4647" was not found in the Raft configuration']);
    }));

  it('§3.3 the current leader as target is a 200 no-op', () =>
    withNomad({}, async (sim) => {
      const leader = sim.region().servers()[0]!;
      const res = await call(sim, 'PUT', `${TRANSFER}?address=${leader.address}`);
      expect(res.status).toBe(200);
      const ref = `{"Address":"${leader.address}","ID":"${leader.id}"}`;
      expect(res.text).toBe(`{"Err":null,"From":${ref},"Noop":true,"To":${ref}}`);
    }));

  it('§3.3 another voter becomes leader', () =>
    withNomad({}, async (sim) => {
      const [from, to] = sim.region().servers();
      const index = sim.region().raftIndex();
      const res = await call(sim, 'POST', `${TRANSFER}?id=${to!.id}`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({
        From: { Address: from!.address, ID: from!.id },
        To: { Address: to!.address, ID: to!.id },
        Noop: false,
        Err: null,
      });
      expect(
        sim
          .region()
          .servers()
          .find((s) => s.leader)?.id,
      ).toBe(to!.id);
      expect(sim.region().raftIndex()).toBe(index + 1); // new term, new leader's no-op entry
    }));

  it('§2 GET/DELETE are 405 "Invalid method"; management is required', () =>
    withNomad(
      { acl: { enabled: true, tokens: [{ secret: 'op', type: 'client', capabilities: ['operator:write'] }] } },
      async (sim) => {
        for (const method of ['GET', 'DELETE']) {
          const res = await call(sim, method, `${TRANSFER}?id=x`);
          expect([method, res.status, res.text]).toEqual([method, 405, 'Invalid method']);
        }
        const leader = sim.region().servers()[0]!;
        const res = await call(sim, 'PUT', `${TRANSFER}?id=${leader.id}`, { headers: { 'X-Nomad-Token': 'op' } });
        expect([res.status, res.text]).toEqual([403, 'Permission denied']);
      },
    ));
});
