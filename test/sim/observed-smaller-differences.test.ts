// The Consul simulator follows observed-real-servers.md "Smaller differences" where the API
// reference says otherwise or nothing: StableSince with nanoseconds, Meta without
// consul-network-segment, followers' LastContact varying between reads, -dev's indented JSON.
import { describe, expect, it } from 'vitest';
import { formatGoTime, formatGoTimeRoundedUtc, localOffsetMinutes } from '../../src/sim/go-time.js';
import type { Simulator } from '../../src/sim/index.js';
import { CONFIG, HEALTH, STATE, call, withSim } from './helpers.js';

/** 2026-12-01T12:31:31.742382203Z, the instant every test here pins the servers' clock to. */
const NOW_NS = 1_796_128_291_742_382_203n;
const PINNED = { wallClockNs: () => NOW_NS, followerContact: 'fixed' } as const;

const contacts = async (sim: Simulator, path: string): Promise<string[]> =>
  [...(await call(sim, 'GET', path)).text.matchAll(/"LastContact":"([^"]+)"/g)].map((m) => m[1]!);

describe('Go time.Time JSON, as StableSince is written (consul-operator-api.md §2.9)', () => {
  it('nanoseconds with trailing zeros dropped, in the given zone; health rounds to the second, halves up', () => {
    expect(formatGoTime(NOW_NS, 0)).toBe('2026-12-01T12:31:31.742382203Z');
    expect(formatGoTime(NOW_NS, 330)).toBe('2026-12-01T18:01:31.742382203+05:30');
    expect(formatGoTime(NOW_NS, -480)).toBe('2026-12-01T04:31:31.742382203-08:00');
    expect(formatGoTime(1_796_128_291_500_000_000n, 0)).toBe('2026-12-01T12:31:31.5Z');
    expect(formatGoTime(1_796_128_291_000_000_000n, 0)).toBe('2026-12-01T12:31:31Z');
    expect(formatGoTime(1_796_128_291_000_000_001n, 0)).toBe('2026-12-01T12:31:31.000000001Z');
    expect(formatGoTimeRoundedUtc(NOW_NS)).toBe('2026-12-01T12:31:32Z');
    expect(formatGoTimeRoundedUtc(1_796_128_291_499_999_999n)).toBe('2026-12-01T12:31:31Z');
    expect(formatGoTimeRoundedUtc(1_796_128_291_500_000_000n)).toBe('2026-12-01T12:31:32Z');
  });
});

describe('GET /v1/operator/autopilot/state as a real server answers it (observed "Smaller differences")', () => {
  it('StableSince has nanoseconds (§4.7: not rounded, local zone) and Meta lacks consul-network-segment', () =>
    withSim({ ...PINNED, datacenters: [{ name: 'dc1', servers: 2 }] }, async (sim) => {
      const [s1, s2] = sim.consul('dc1').servers();
      const since = formatGoTime(NOW_NS, localOffsetMinutes(NOW_NS));
      const server = (s: typeof s1, contact: string, status: string) =>
        `"${s!.id}":{"ID":"${s!.id}","Name":"${s!.name}","Address":"${s!.address}","NodeStatus":"alive",` +
        `"Version":"1.22.0","LastContact":"${contact}","LastTerm":2,"LastIndex":5,"Healthy":true,` +
        `"StableSince":"${since}","ReadReplica":false,"Status":"${status}",` +
        '"Meta":{"consul-version":"1.22.0"},"NodeType":"voter"}';
      const [first, second] = [s1, s2].sort((a, b) => (a!.id < b!.id ? -1 : 1)); // a Go map: keys sorted
      const res = await call(sim, 'GET', STATE);
      expect(res.text).toBe(
        '{"Healthy":true,"FailureTolerance":0,"OptimisticFailureTolerance":0,"Servers":{' +
          [first, second].map((s) => server(s, s === s1 ? '0s' : '10ms', s === s1 ? 'leader' : 'voter')).join(',') +
          `},"Leader":"${s1!.id}","Voters":["${s1!.id}","${s2!.id}"]}`,
      );
    }));

  it('a server spec gives the catalog meta: sorted keys as any Go map, or null while the node is unregistered', () =>
    withSim(
      {
        ...PINNED,
        datacenters: [
          {
            name: 'dc1',
            servers: [
              { name: 'a', nodeMeta: { zone: 'z1', 'consul-version': '1.21.0', 'consul-network-segment': '' } },
              { name: 'b', nodeMeta: null },
              { name: 'c' },
            ],
          },
        ],
      },
      async (sim) => {
        const text = (await call(sim, 'GET', STATE)).text;
        const metaOf = (id: string) => text.match(new RegExp(`"${id}":\\{[^{}]*"Meta":(null|\\{[^}]*\\})`))?.[1];
        const [a, b, c] = sim.consul('dc1').servers();
        expect(metaOf(a!.id)).toBe('{"consul-network-segment":"","consul-version":"1.21.0","zone":"z1"}');
        expect(metaOf(b!.id)).toBe('null');
        expect(metaOf(c!.id)).toBe('{"consul-version":"1.22.0"}');
      },
    ));
});

describe('healthy followers\' LastContact (observed "Smaller differences": not a fixed value)', () => {
  it('by default it differs on every health and state read, 1ms to 50ms with nanoseconds; nothing else moves', () =>
    withSim({ wallClockNs: () => NOW_NS }, async (sim) => {
      const paths = [HEALTH, HEALTH, STATE, STATE];
      const bodies: string[] = [];
      for (const path of paths) bodies.push((await call(sim, 'GET', path)).text);
      const reads = bodies.map((text) => [...text.matchAll(/"LastContact":"([^"]+)"/g)].map((m) => m[1]!));
      for (const read of reads) {
        expect(read).toHaveLength(3);
        expect(read[0]).toBe('0s'); // the leader (first in health; its ID sorts first in state)
        for (const c of read.slice(1)) {
          expect(c).toMatch(/^\d{1,2}(\.\d{1,6})?ms$/);
          expect(Number.parseFloat(c)).toBeGreaterThanOrEqual(1);
          expect(Number.parseFloat(c)).toBeLessThan(50);
        }
      }
      expect(new Set(reads.map((r) => r.join()))).toHaveProperty('size', 4);
      // Byte for byte the same answers but for the followers' LastContact: health stays 200, healthy.
      const rest = bodies.map((text) => text.replace(/"LastContact":"\d[^"]*ms"/g, '"LastContact":"…"'));
      expect([rest[1], rest[3]]).toEqual([rest[0], rest[2]]);
      expect(JSON.parse(bodies[1]!)).toMatchObject({ Healthy: true, FailureTolerance: 1 });
    }));

  it("followerContact: 'fixed' keeps it at 10ms on every read, for tests and goldens that print it", () =>
    withSim(PINNED, async (sim) => {
      expect(await contacts(sim, HEALTH)).toEqual(['0s', '10ms', '10ms']);
      expect(await contacts(sim, HEALTH)).toEqual(['0s', '10ms', '10ms']);
    }));
});

describe('consul agent -dev indents its JSON (consul-operator-api.md §2.4, observed "Smaller differences")', () => {
  const INDENTED =
    '{\n    "CleanupDeadServers": true,\n    "LastContactThreshold": "200ms",\n    "MaxTrailingLogs": 250,\n' +
    '    "MinQuorum": 0,\n    "ServerStabilizationTime": "10s",\n    "RedundancyZoneTag": "",\n' +
    '    "DisableUpgradeMigration": false,\n    "UpgradeVersionTag": "",\n    "CreateIndex": 5,\n' +
    '    "ModifyIndex": 5\n}';

  it('devMode: every JSON body indented by four spaces, without the newline ?pretty adds; errors stay text', () =>
    withSim({ devMode: true }, async (sim) => {
      expect((await call(sim, 'GET', CONFIG)).text).toBe(INDENTED);
      expect((await call(sim, 'GET', CONFIG + '?pretty')).text).toBe(INDENTED + '\n');
      expect((await call(sim, 'GET', '/v1/status/leader')).text).toBe('"127.0.0.1:8300"');
      const bad = await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":"x"}' });
      expect([bad.status, bad.text.includes('\n')]).toEqual([400, false]);
    }));

  it('without devMode (a non-dev agent) the same body is compact', () =>
    withSim({}, async (sim) => {
      expect((await call(sim, 'GET', CONFIG)).text).toBe(JSON.stringify(JSON.parse(INDENTED)));
    }));
});
