import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY as K0, startSimulator } from '../../src/sim/index.js';
import { KEYRING, call, withSim } from './helpers.js';

const K1 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=';
const key = (k: string) => JSON.stringify({ Key: k });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Entry {
  WAN: boolean;
  Datacenter: string;
  Keys: Record<string, number>;
  PrimaryKeys: Record<string, number>;
  NumNodes: number;
}

async function list(sim: Parameters<typeof call>[0]): Promise<Entry[]> {
  const res = await call(sim, 'GET', KEYRING);
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as Entry[];
}

describe('keyring propagation (consul-operator-api.md §4.4, simulator knob)', () => {
  it('§4.4 with a delay, a GET right after an install shows partial coverage, then full coverage', () =>
    // Propagation is long and the checks poll, so a busy machine cannot skip the partial states:
    // the LAN pool's 6 members apply at 3000*(i+1)/6 ms, one every 500 ms.
    withSim({ datacenters: [{ name: 'dc1', gossip: { clients: 3 } }], keyringPropagationMs: 3000 }, async (sim) => {
      expect((await call(sim, 'POST', KEYRING, { body: key(K1) })).status).toBe(200);
      for (const e of await list(sim)) expect(e.Keys[K1] ?? 0).toBeLessThan(e.NumNodes);
      const seen = new Set<number>();
      for (let polls = 0; polls < 400; polls++) {
        const lan = sim
          .consul()
          .keyring()[1]!
          .nodes.map((n) => n.keys.includes(K1));
        const applied = lan.filter(Boolean).length;
        if (applied > 0) expect(lan.indexOf(false) === -1 || lan.indexOf(false) > lan.lastIndexOf(true)).toBe(true);
        seen.add(applied);
        if (applied === 6) break;
        await sleep(20);
      }
      expect([...seen].some((n) => n > 0 && n < 6)).toBe(true); // earlier members first, some before all
      const full = await list(sim);
      expect(full.map((e) => [e.Keys[K1], e.NumNodes])).toEqual([
        [3, 3],
        [6, 6],
      ]);
      expect(full[1]!.PrimaryKeys).toEqual({ [K0]: 6 });
    }));

  it('§4.4 writes are validated against each member at request time: use before propagation fails per member', () =>
    // 3 s, so that even a busy machine sends the early PUT before the first member (at 1.5 s) has the key.
    withSim(
      { datacenters: [{ name: 'dc1', servers: 2, gossip: { wan: false } }], keyringPropagationMs: 3000 },
      async (sim) => {
        await call(sim, 'POST', KEYRING, { body: key(K1) });
        const early = await call(sim, 'PUT', KEYRING, { body: key(K1) });
        expect([early.status, early.text]).toEqual([
          500,
          '3 errors occurred:\n\t* dc1 (LAN) error: 2/2 nodes reported failure\n' +
            '\t* dc1-server-1: Requested key is not in the keyring\n\t* ' +
            'dc1-server-2: Requested key is not in the keyring\n\n',
        ]);
        await sleep(3100);
        expect((await call(sim, 'PUT', KEYRING, { body: key(K1) })).status).toBe(200);
        await sleep(3100);
        expect(
          sim
            .consul()
            .keyring()[0]!
            .nodes.map((n) => n.primary),
        ).toEqual([K1, K1]);
      },
    ));

  it('§4.4 faults.setKeyringPropagation changes later writes; faults.reset() restores the option value', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 1 }] }, async (sim) => {
      sim.faults.setKeyringPropagation(10_000);
      await call(sim, 'POST', KEYRING, { body: key(K1) });
      expect((await list(sim))[1]!.Keys).toEqual({ [K0]: 1 });
      sim.faults.reset();
      const K2 = 'AgICAgICAgICAgICAgICAg==';
      await call(sim, 'POST', KEYRING, { body: key(K2) });
      // Immediate again, and queued after the pending K1 install for the same member.
      expect((await list(sim))[1]!.Keys).toEqual({ [K0]: 1 });
      expect(() => sim.faults.setKeyringPropagation(-1)).toThrow('keyring propagation must be a number ≥ 0');
    }));

  it('§4.4 close() clears pending propagation timers', async () => {
    const sim = await startSimulator({ keyringPropagationMs: 60_000 });
    await call(sim, 'POST', KEYRING, { body: key(K1) });
    await sim.close(); // would leave a 60 s timer otherwise (and they are unref'd anyway)
  });
});

describe('keyring node failures and membership (consul-operator-api.md §4.4)', () => {
  it('§4.4 a failing member reports its message in its pool only; WAN names target the WAN member', () =>
    withSim({ datacenters: [{ name: 'dc1' }] }, async (sim) => {
      sim.consul().setKeyringNodeFailure('dc1-server-3.dc1', 'use', 'write keyring: permission denied');
      await call(sim, 'POST', KEYRING, { body: key(K1) });
      const res = await call(sim, 'PUT', KEYRING, { body: key(K1) });
      expect([res.status, res.text]).toEqual([
        500,
        '2 errors occurred:\n\t* WAN error: 1/3 nodes reported ' +
          'failure\n\t* dc1-server-3.dc1: write keyring: permission denied\n\n',
      ]);
      const [wan, lan] = sim.consul().keyring();
      expect(wan!.nodes.map((n) => [n.name, n.primary])).toEqual([
        ['dc1-server-1.dc1', K1],
        ['dc1-server-2.dc1', K1],
        ['dc1-server-3.dc1', K0],
      ]);
      expect(lan!.nodes.every((n) => n.primary === K1)).toBe(true);
      // And a later GET shows the split primary.
      expect((await list(sim))[0]!.PrimaryKeys).toEqual({ [K0]: 1, [K1]: 2 });
    }));

  it('§2.3 a member message is part of the error text, so handleErr maps "Permission denied" to 403', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 1, gossip: { clients: 1, wan: false } }] }, async (sim) => {
      sim.consul().setKeyringNodeFailure('dc1-client-1', 'remove', 'Permission denied');
      const res = await call(sim, 'DELETE', KEYRING, { body: key(K1) });
      expect([res.status, res.text]).toEqual([
        403,
        '2 errors occurred:\n\t* dc1 (LAN) error: 1/2 nodes reported failure\n\t* dc1-client-1: Permission denied\n\n',
      ]);
    }));

  it('§4.4 failures persist until cleared (null) or faults.reset(); unknown members and ops throw', () =>
    withSim(
      {
        datacenters: [
          { name: 'dc1', servers: 1 },
          { name: 'dc2', servers: 1 },
        ],
      },
      async (sim) => {
        const dc2 = sim.consul('dc2');
        dc2.setKeyringNodeFailure('dc2-server-1', 'list');
        expect((await call(sim, 'GET', KEYRING)).status).toBe(500);
        expect((await call(sim, 'GET', KEYRING)).text).toContain(
          '\t* dc2 (LAN) error: 1/1 nodes reported failure\n\t* dc2-server-1: simulated failure\n',
        );
        dc2.setKeyringNodeFailure('dc2-server-1', 'list', null);
        expect((await call(sim, 'GET', KEYRING)).status).toBe(200);
        dc2.setKeyringNodeFailure('dc2-server-1.dc2', 'list');
        sim.faults.reset();
        expect((await call(sim, 'GET', KEYRING)).status).toBe(200);
        expect(() => dc2.setKeyringNodeFailure('dc1-server-1', 'list')).toThrow(
          'no gossip member "dc1-server-1" in dc2',
        );
        expect(() => dc2.setKeyringNodeFailure('dc2-server-1', 'nope' as 'list')).toThrow('keyring op must be one of');
      },
    ));

  it('§4.4 a failed server is not a member (NumNodes drops) and misses writes; back alive it has the old keyring', () =>
    withSim({ datacenters: [{ name: 'dc1' }] }, async (sim) => {
      sim.consul().setServerHealth('dc1-server-2', { serfStatus: 'failed' });
      expect((await list(sim)).map((e) => e.NumNodes)).toEqual([2, 2]);
      expect((await call(sim, 'POST', KEYRING, { body: key(K1) })).status).toBe(200);
      sim.consul().setServerHealth('dc1-server-2', { serfStatus: 'alive' });
      expect((await list(sim)).map((e) => [e.Keys[K1], e.NumNodes])).toEqual([
        [2, 3],
        [2, 3],
      ]);
    }));

  it('§4.4 a client that is not alive is not counted and misses writes, like a failed server', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 1, gossip: { clients: 2 } }] }, async (sim) => {
      sim.consul().setClientStatus('dc1-client-2', 'failed');
      expect((await call(sim, 'POST', KEYRING, { body: key(K1) })).status).toBe(200);
      expect((await list(sim)).map((e) => [e.Keys[K1], e.NumNodes])).toEqual([
        [1, 1],
        [2, 2],
      ]);
      sim.consul().setClientStatus('dc1-client-2', 'alive');
      expect((await list(sim))[1]!.Keys).toEqual({ [K0]: 3, [K1]: 2 });
      expect(() => sim.consul().setClientStatus('dc1-server-1', 'failed')).toThrow('no client agent "dc1-server-1"');
    }));

  it('§4.4 a lagging member is counted and lacks the change, no answer naming it; clearing the lag lands it', () =>
    withSim({ datacenters: [{ name: 'dc1', gossip: { clients: 1 } }] }, async (sim) => {
      sim.consul().setKeyringNodeLag('dc1-client-1', Infinity);
      sim.consul().setKeyringNodeLag('dc1-server-3.dc1', Infinity);
      expect((await call(sim, 'POST', KEYRING, { body: key(K1) })).status).toBe(200);
      const lagging = await call(sim, 'GET', KEYRING);
      expect(lagging.text).not.toContain('Messages');
      expect((JSON.parse(lagging.text) as Entry[]).map((e) => [e.Keys[K1], e.NumNodes])).toEqual([
        [2, 3],
        [3, 4],
      ]);
      sim.consul().setKeyringNodeLag('dc1-client-1', null);
      expect((await list(sim)).map((e) => e.Keys[K1])).toEqual([2, 4]);
      sim.faults.reset();
      expect((await list(sim)).map((e) => e.Keys[K1])).toEqual([3, 4]);
      expect(() => sim.consul().setKeyringNodeLag('dc1-client-1', -1)).toThrow('keyring lag must be a number ≥ 0');
    }));

  it(
    '§2.3 a remote DC with no alive server fails the whole ' + 'request: "Remote DC has no server currently reachable"',
    () =>
      withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2', servers: 1 }] }, async (sim) => {
        sim.consul('dc2').setServerHealth('dc2-server-1', { serfStatus: 'failed' });
        const res = await call(sim, 'GET', KEYRING);
        expect([res.status, res.text]).toEqual([500, 'Remote DC has no server currently reachable']);
        expect((await call(sim, 'GET', KEYRING + '?local-only=true')).status).toBe(200);
      }),
  );

  it('§4.4 keyring() lists this DC only: its WAN members and its LAN pool (clients last)', () =>
    withSim(
      {
        datacenters: [
          { name: 'dc1', servers: 1 },
          { name: 'dc2', servers: 1, gossip: { clients: 1, encrypted: false } },
        ],
      },
      async (sim) => {
        expect(sim.consul('dc2').keyring()).toEqual([
          { wan: true, datacenter: 'dc2', nodes: [{ name: 'dc2-server-1.dc2', keys: [], primary: null }] },
          {
            wan: false,
            datacenter: 'dc2',
            nodes: [
              { name: 'dc2-server-1', keys: [], primary: null },
              { name: 'dc2-client-1', keys: [], primary: null },
            ],
          },
        ]);
      },
    ));

  it('§7.2 invalid configured keys fail start-up like `encrypt has invalid key`', async () => {
    await expect(startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: ['abc!'] } }] })).rejects.toThrow(
      'gossip key "abc!": illegal base64 data at input byte 3',
    );
    await expect(
      startSimulator({ datacenters: [{ name: 'dc1', gossip: { keys: ['BAQEBAQEBAQ='] } }] }),
    ).rejects.toThrow('key size must be 16, 24 or 32 bytes');
  });
});

describe('keyring at scale (consul-operator-api.md §4.4)', () => {
  // How fast it is belongs to `npm run bench` (c); a test must not depend on this machine's speed.
  it('§4.4 a 500-node datacenter: GET and writes count every node', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 5, gossip: { clients: 495 } }, { name: 'dc2' }] }, async (sim) => {
      for (let i = 0; i < 20; i++) await list(sim);
      await call(sim, 'POST', KEYRING, { body: key(K1) });
      const entries = await list(sim);
      expect(entries.map((e) => [e.WAN, e.Datacenter, e.NumNodes, e.Keys[K1]])).toEqual([
        [true, 'dc1', 8, 8],
        [false, 'dc1', 500, 500],
        [false, 'dc2', 3, 3],
      ]);
    }));
});
