import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY as K0, type SimAclSpec } from '../../src/sim/index.js';
import { KEYRING, call, rawCall, withSim } from './helpers.js';

const K1 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE='; // 32 bytes
const K2 = 'AgICAgICAgICAgICAgICAg=='; // 16 bytes
const SHORT = 'BAQEBAQEBAQ='; // 8 bytes

/** One KeyringResponse as Go marshals it (field order, sorted maps, no Messages/Partition). */
function entry(
  wan: boolean,
  dc: string,
  keys: Record<string, number>,
  primary: Record<string, number>,
  n: number,
): string {
  const sorted = (m: Record<string, number>) =>
    JSON.stringify(Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1))));
  return (
    `{"WAN":${wan},"Datacenter":"${dc}","Segment":"","Keys":${sorted(keys)},` +
    `"PrimaryKeys":${sorted(primary)},"NumNodes":${n}}`
  );
}

const key = (k: string) => JSON.stringify({ Key: k });

describe('GET /v1/operator/keyring (consul-operator-api.md §4.4)', () => {
  it('§4.4 a dev-like agent with -encrypt lists WAN then LAN, exactly as the reference example', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: [{ name: 'n1' }] }] }, async (sim) => {
      const res = await call(sim, 'GET', KEYRING);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.text).toBe(
        `[{"WAN":true,"Datacenter":"dc1","Segment":"","Keys":{"${K0}":1},"PrimaryKeys":{"${K0}":1},"NumNodes":1},` +
          `{"WAN":false,"Datacenter":"dc1","Segment":"","Keys":{"${K0}":1},"PrimaryKeys":{"${K0}":1},"NumNodes":1}]`,
      );
    }));

  it(
    '§4.4 fan-out: WAN (all servers, labelled with the originating ' +
      'DC), local LAN, then each remote LAN; ?dc is ignored',
    () =>
      withSim(
        {
          datacenters: [
            { name: 'dc1' },
            { name: 'dc2', servers: 2, gossip: { clients: 3 } },
            { name: 'dc3', servers: 1 },
          ],
        },
        async (sim) => {
          const body = (n: number) => ({ [K0]: n });
          const expected =
            '[' +
            [
              entry(true, 'dc1', body(6), body(6), 6),
              entry(false, 'dc1', body(3), body(3), 3),
              entry(false, 'dc2', body(5), body(5), 5),
              entry(false, 'dc3', body(1), body(1), 1),
            ].join(',') +
            ']';
          expect((await call(sim, 'GET', KEYRING)).text).toBe(expected);
          expect((await call(sim, 'GET', KEYRING + '?dc=dc2')).text).toBe(expected);
          // no s.parse
          expect((await call(sim, 'GET', KEYRING + '?datacenter=nope&stale&consistent')).text).toBe(expected);
        },
      ),
  );

  it('§4.4 ?local-only=true lists only the local DC LAN pool; false is the full fan-out', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      const local = await call(sim, 'GET', KEYRING + '?local-only=true');
      expect(local.text).toBe(`[${entry(false, 'dc1', { [K0]: 3 }, { [K0]: 3 }, 3)}]`);
      expect(JSON.parse((await call(sim, 'GET', KEYRING + '?local-only=F')).text)).toHaveLength(3);
    }));

  it('§4.4 the GET body is ignored (not decoded)', () =>
    withSim({}, async (sim) => {
      expect((await rawCall(sim, 'GET', KEYRING, '{"Nope":')).status).toBe(200);
    }));

  it('§4.4 encryption disabled: the reference example 500 body, node lines per pool', () =>
    withSim(
      { datacenters: [{ name: 'dc1', servers: [{ name: 'n1' }], gossip: { encrypted: false } }] },
      async (sim) => {
        const res = await call(sim, 'GET', KEYRING);
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(res.text).toBe(
          '4 errors occurred:\n\t* WAN error: 1/1 nodes reported ' +
            'failure\n\t* n1.dc1: Keyring is empty (encryption not enabled)\n' +
            '\t* dc1 (LAN) error: 1/1 nodes reported failure\n\t* n1: Keyring is empty (encryption not enabled)\n\n',
        );
        const write = await call(sim, 'POST', KEYRING, { body: key(K1) });
        expect(write.text).toBe(
          '4 errors occurred:\n\t* WAN error: 1/1 nodes reported failure\n\t* ' +
            'n1.dc1: No keyring to modify (encryption not enabled)\n' +
            '\t* dc1 (LAN) error: 1/1 nodes reported failure\n\t* ' +
            'n1: No keyring to modify (encryption not enabled)\n\n',
        );
      },
    ));

  it('§4.4 §7.2 gossip.wan=false on the agent DC (serf_wan = -1): only its LAN pool, no remote DCs', () =>
    withSim({ datacenters: [{ name: 'dc1', gossip: { wan: false } }, { name: 'dc2' }] }, async (sim) => {
      expect((await call(sim, 'GET', KEYRING)).text).toBe(`[${entry(false, 'dc1', { [K0]: 3 }, { [K0]: 3 }, 3)}]`);
    }));

  it('§4.4 a remote DC without WAN is neither in the WAN pool nor reachable', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2', gossip: { wan: false } }] }, async (sim) => {
      const list = JSON.parse((await call(sim, 'GET', KEYRING)).text) as Array<{
        WAN: boolean;
        Datacenter: string;
        NumNodes: number;
      }>;
      expect(list.map((e) => [e.WAN, e.Datacenter, e.NumNodes])).toEqual([
        [true, 'dc1', 3],
        [false, 'dc1', 3],
      ]);
    }));

  it('§4.4 configured keys: first is primary, all installed; non-canonical base64 is listed canonically', () =>
    withSim(
      { datacenters: [{ name: 'dc1', servers: 1, gossip: { keys: [K1, K2, 'AgICAgICAgICAgICAgICAh=='] } }] },
      async (sim) => {
        const list = JSON.parse((await call(sim, 'GET', KEYRING)).text);
        expect(list[1]).toEqual({
          WAN: false,
          Datacenter: 'dc1',
          Segment: '',
          Keys: { [K1]: 1, [K2]: 1 },
          PrimaryKeys: { [K1]: 1 },
          NumNodes: 1,
        });
      },
    ));
});

describe('keyring writes (consul-operator-api.md §4.4)', () => {
  const oneServer = { datacenters: [{ name: 'dc1', servers: 1 }] };

  it('§4.4 install (not primary) → use (primary) → remove the old key; 200, empty text/plain body each time', () =>
    withSim({}, async (sim) => {
      for (const [method, k] of [
        ['POST', K1],
        ['PUT', K1],
        ['DELETE', K0],
      ] as const) {
        const res = await call(sim, method, KEYRING, { body: key(k) });
        // observed-real-servers.md "Smaller differences": empty 200s carry text/plain.
        const type = res.headers.get('content-type');
        expect([method, res.status, res.text, type]).toEqual([method, 200, '', 'text/plain; charset=utf-8']);
        if (method === 'POST') {
          const lan = JSON.parse((await call(sim, 'GET', KEYRING)).text)[1];
          expect([lan.Keys, lan.PrimaryKeys]).toEqual([{ [K0]: 3, [K1]: 3 }, { [K0]: 3 }]);
        }
      }
      expect((await call(sim, 'GET', KEYRING)).text).toBe(
        `[${entry(true, 'dc1', { [K1]: 3 }, { [K1]: 3 }, 3)},${entry(false, 'dc1', { [K1]: 3 }, { [K1]: 3 }, 3)}]`,
      );
      expect(sim.consul().keyring()[1]!.nodes[0]).toEqual({ name: 'dc1-server-1', keys: [K1], primary: K1 });
    }));

  it(
    '§4.4 install of an installed key and remove of an unknown ' +
      '(even empty or wrong-size) key are silent successes',
    () =>
      withSim(oneServer, async (sim) => {
        for (const [method, body] of [
          ['POST', key(K0)],
          ['DELETE', key(K2)],
          ['DELETE', key('')],
          ['DELETE', key(SHORT)],
          ['DELETE', '{}'],
        ] as const) {
          const res = await call(sim, method, KEYRING, { body });
          expect([method, body, res.status, res.text]).toEqual([method, body, 200, '']);
        }
        expect(sim.consul().keyring()[1]!.nodes[0]!.keys).toEqual([K0]);
      }),
  );

  it('§4.4 per-member failures: remove primary, use uninstalled, wrong key size (multierror, 500)', () =>
    withSim(oneServer, async (sim) => {
      const text = (msg: string) =>
        `4 errors occurred:\n\t* WAN error: 1/1 nodes reported failure\n\t* dc1-server-1.dc1: ${msg}\n` +
        `\t* dc1 (LAN) error: 1/1 nodes reported failure\n\t* dc1-server-1: ${msg}\n\n`;
      const cases: Array<[string, string, string]> = [
        ['DELETE', K0, 'Removing the primary key is not allowed'],
        ['PUT', K1, 'Requested key is not in the keyring'],
        ['PUT', '', 'Requested key is not in the keyring'],
        ['POST', SHORT, 'key size must be 16, 24 or 32 bytes'],
        ['POST', '', 'key size must be 16, 24 or 32 bytes'],
      ];
      for (const [method, k, msg] of cases) {
        const res = await call(sim, method, KEYRING, { body: key(k) });
        expect([method, k, res.status, res.text]).toEqual([method, k, 500, text(msg)]);
      }
    }));

  it('§4.4 node lines are sorted by name and counted per pool; 24-byte keys are valid', () =>
    withSim(
      {
        datacenters: [
          { name: 'dc1', servers: 2 },
          { name: 'dc2', servers: 1, gossip: { clients: 1 } },
        ],
      },
      async (sim) => {
        const res = await call(sim, 'DELETE', KEYRING, { body: key(K0) });
        expect(res.text).toBe(
          '10 errors occurred:\n\t* WAN error: 3/3 nodes reported failure\n' +
            '\t* dc1-server-1.dc1: Removing the primary key is not allowed\n\t* ' +
            'dc1-server-2.dc1: Removing the primary key is not allowed\n' +
            '\t* dc2-server-1.dc2: Removing the primary key is not allowed\n' +
            '\t* dc1 (LAN) error: 2/2 nodes reported failure\n' +
            '\t* dc1-server-1: Removing the primary key is not allowed\n\t* ' +
            'dc1-server-2: Removing the primary key is not allowed\n' +
            '\t* dc2 (LAN) error: 2/2 nodes reported failure\n' +
            '\t* dc2-client-1: Removing the primary key is not allowed\n\t* ' +
            'dc2-server-1: Removing the primary key is not allowed\n\n',
        );
        expect((await call(sim, 'POST', KEYRING, { body: key('AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD') })).status).toBe(200);
      },
    ));

  it("§4.4 bad base64 short-circuits every pool with Go's byte offset (no node lines)", () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      const cases: Array<[string, number]> = [
        ['abc!', 3],
        ['abc', 0],
        ['a===', 1],
        ['ab=x', 2],
        ['ab==x', 4],
        [`${K0}A`, 44],
        ['AQEB\nAQ', 5],
      ];
      for (const [k, offset] of cases) {
        for (const method of ['POST', 'PUT', 'DELETE']) {
          const res = await call(sim, method, KEYRING, { body: key(k) });
          const e = `illegal base64 data at input byte ${offset}`;
          expect([k, method, res.status, res.text]).toEqual([
            k,
            method,
            500,
            `3 errors occurred:\n\t* WAN error: ${e}\n\t* dc1 (LAN) error: ${e}\n\t* dc2 (LAN) error: ${e}\n\n`,
          ]);
        }
      }
    }));

  it('§4.4 partially applied writes are not rolled back; "1 error occurred" formatting', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 2, gossip: { wan: false } }] }, async (sim) => {
      sim.consul().setKeyringNodeFailure('dc1-server-2', 'install');
      const res = await call(sim, 'POST', KEYRING, { body: key(K1) });
      expect([res.status, res.text]).toEqual([
        500,
        '2 errors occurred:\n\t* dc1 (LAN) error: 1/2 nodes reported failure\n\t* dc1-server-2: simulated failure\n\n',
      ]);
      expect(
        sim
          .consul()
          .keyring()[0]!
          .nodes.map((n) => n.keys),
      ).toEqual([[K0, K1], [K0]]);
      sim.consul().setKeyringNodeFailure('dc1-server-2', 'install', null);
      sim.consul().setKeyringNodeFailure('dc1-server-1', 'list');
      expect((await call(sim, 'GET', KEYRING)).text).toBe(
        '2 errors occurred:\n\t* dc1 (LAN) error: 1/2 nodes reported failure\n\t* dc1-server-1: simulated failure\n\n',
      );
    }));
});

describe('keyring request parsing (consul-operator-api.md §4.4, §2.8)', () => {
  it('§4.4 writes decode the body strictly first: EOF, unknown field, syntax and type errors → 400', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string | undefined, string]> = [
        [undefined, 'EOF'],
        ['', 'EOF'],
        ['{"Key":"x","Nope":1}', 'json: unknown field "Nope"'],
        ['{"Key":', 'unexpected EOF'],
        [
          '{"RelayFactor":"x"}',
          'json: cannot unmarshal string into Go struct field keyringArgs.RelayFactor of type uint8',
        ],
        [
          '{"RelayFactor":300}',
          'json: cannot unmarshal number 300 into Go struct field keyringArgs.RelayFactor of type uint8',
        ],
        ['{"Key":1}', 'json: cannot unmarshal number into Go struct field keyringArgs.Key of type string'],
        ['[]', 'json: cannot unmarshal array into Go value of type agent.keyringArgs'],
      ];
      for (const [body, err] of cases) {
        const res = await call(sim, 'POST', KEYRING + '?relay-factor=x', { body });
        expect([body, res.status, res.text]).toEqual([body, 400, `Request decode failed: ${err}`]);
      }
      // Case-insensitive names, body Token/RelayFactor/LocalOnly accepted and trailing bytes ignored.
      const ok = await call(sim, 'POST', KEYRING, {
        body: `{"key":"${K1}","Token":"t","RelayFactor":9,"LocalOnly":true} trailing`,
      });
      expect([ok.status, ok.text]).toEqual([200, '']);
    }));

  it('§4.4 ?relay-factor: Atoi errors and the [0, 5] range', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string, number, string]> = [
        ['x', 400, 'Error parsing relay factor: strconv.Atoi: parsing "x": invalid syntax'],
        ['1.5', 400, 'Error parsing relay factor: strconv.Atoi: parsing "1.5": invalid syntax'],
        [
          '99999999999999999999',
          400,
          'Error parsing relay factor: strconv.Atoi: parsing "99999999999999999999": value out of range',
        ],
        ['6', 400, 'Invalid relay-factor: Relay factor must be in range: [0, 5]'],
        ['-1', 400, 'Invalid relay-factor: Relay factor must be in range: [0, 5]'],
        ['+5', 200, ''],
        ['0', 200, ''],
      ];
      for (const [q, status, text] of cases) {
        const res = await call(sim, 'DELETE', `${KEYRING}?relay-factor=${encodeURIComponent(q)}`, { body: key(K2) });
        expect([q, res.status, res.text]).toEqual([q, status, text]);
      }
    }));

  it('§4.4 ?local-only: ParseBool errors; true only for GET; relay-factor is checked first', () =>
    withSim({}, async (sim) => {
      const bad = await call(sim, 'GET', KEYRING + '?local-only=yes');
      expect([bad.status, bad.text]).toEqual([
        400,
        'Error parsing local-only: strconv.ParseBool: parsing "yes": invalid syntax',
      ]);
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await call(sim, method, KEYRING + '?local-only=1', { body: key(K0) });
        expect([method, res.status, res.text]).toEqual([
          method,
          400,
          'Invalid use of local-only: local-only can only be set for list requests',
        ]);
      }
      expect((await call(sim, 'POST', KEYRING + '?local-only=false', { body: key(K0) })).status).toBe(200);
      const both = await call(sim, 'GET', KEYRING + '?local-only=yes&relay-factor=9');
      expect(both.text).toBe('Invalid relay-factor: Relay factor must be in range: [0, 5]');
    }));

  it('§2.2 OPTIONS and 405 use the keyring allow-list', () =>
    withSim({}, async (sim) => {
      expect((await call(sim, 'OPTIONS', KEYRING)).headers.get('allow')).toBe('OPTIONS,GET,POST,PUT,DELETE');
      const res = await call(sim, 'PATCH', KEYRING);
      expect([res.status, res.text, res.headers.get('allow')]).toEqual([
        405,
        'method PATCH not allowed',
        'OPTIONS,GET,POST,PUT,DELETE',
      ]);
    }));
});

describe('keyring ACLs and leadership (consul-operator-api.md §4.4, §2.5)', () => {
  const acl: SimAclSpec = {
    enabled: true,
    tokens: [
      { secret: 'op', accessorId: 'aaaaaaaa-0000-0000-0000-000000000001', permissions: ['operator:write'] },
      { secret: 'kr', accessorId: 'aaaaaaaa-0000-0000-0000-000000000002', permissions: ['keyring:read'] },
      { secret: 'kw', accessorId: 'aaaaaaaa-0000-0000-0000-000000000003', permissions: ['keyring:write'] },
    ],
  };

  it('§4.4 GET needs keyring:read, writes keyring:write; request errors come before the ACL check', () =>
    withSim({ acl }, async (sim) => {
      const h = (t: string) => ({ 'X-Consul-Token': t });
      const denied = await call(sim, 'GET', KEYRING, { headers: h('op') });
      expect([denied.status, denied.text]).toEqual([
        403,
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000001' lacks permission 'keyring:read'",
      ]);
      expect((await call(sim, 'GET', KEYRING, { headers: h('kr') })).status).toBe(200);
      expect((await call(sim, 'GET', KEYRING, { headers: h('kw') })).status).toBe(200);
      const write = await call(sim, 'POST', KEYRING, { headers: h('kr'), body: key(K1) });
      expect([write.status, write.text]).toEqual([
        403,
        'Permission denied: token with AccessorID ' +
          "'aaaaaaaa-0000-0000-0000-000000000002' lacks permission 'keyring:write'",
      ]);
      expect((await call(sim, 'POST', KEYRING, { headers: h('kw'), body: key(K1) })).status).toBe(200);
      expect((await call(sim, 'POST', KEYRING, { body: '{"X":1}' })).status).toBe(400);
      expect((await call(sim, 'GET', KEYRING, { headers: h('nope') })).text).toBe('ACL not found');
    }));

  it('§4.4 no leader needed: the keyring answers while every datacenter is leaderless', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      sim.faults.noLeader('dc1', true, { holdMs: 5000 });
      sim.faults.noLeader('dc2', true, { holdMs: 5000 });
      expect((await call(sim, 'GET', KEYRING)).status).toBe(200);
      expect((await call(sim, 'POST', KEYRING, { body: key(K1) })).status).toBe(200);
    }));
});
