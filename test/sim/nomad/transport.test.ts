import { describe, expect, it } from 'vitest';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import {
  AGENT_HEALTH,
  CONFIG,
  HEALTH,
  LEADER,
  PEERS,
  RAFT_CONFIG,
  RAFT_PEER,
  TEXT,
  TRANSFER,
  call,
  rawCall,
  withNomad,
} from './helpers.js';

describe('routing (nomad-operator-api.md §1.1)', () => {
  it('§1.1 unmatched paths fall to the root handler: 404 with an empty body and no Content-Type', () =>
    withNomad({}, async (sim) => {
      for (const path of [
        CONFIG + '/',
        HEALTH + '/',
        '/v1/operator/autopilot/state',
        '/v1/nope',
        '/operator/raft/configuration',
      ]) {
        const res = await call(sim, 'GET', path);
        expect([path, res.status, res.text, res.headers.get('content-type')]).toEqual([path, 404, '', null]);
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
      }
    }));

  it('§1.1 "/" redirects 307 to /ui/, keeping the query', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'GET', '/?a=1');
      expect([res.status, res.headers.get('location')]).toEqual([307, '/ui/?a=1']);
      expect(res.text).toBe('<a href="/ui/?a=1">Temporary Redirect</a>.\n\n');
    }));

  it("§1.1 a subtree path without its slash gets Go ServeMux's 301", () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'GET', '/v1/operator/raft');
      expect([res.status, res.headers.get('location'), res.headers.get('content-type')]).toEqual([
        301,
        '/v1/operator/raft/',
        'text/html; charset=utf-8',
      ]);
      const put = await call(sim, 'PUT', '/v1/operator/raft');
      expect([put.status, put.text]).toEqual([301, '']);
    }));

  it('§2 method table: wrong methods answer per endpoint', () =>
    withNomad({}, async (sim) => {
      const table: Array<[string, string, number, string]> = [
        ['PUT', RAFT_CONFIG, 405, ''],
        ['GET', RAFT_PEER, 404, 'Invalid method'],
        ['GET', TRANSFER, 405, 'Invalid method'],
        ['GET', '/v1/operator/raft/other', 404, 'Invalid method'],
        ['POST', CONFIG, 404, 'Invalid method'],
        ['OPTIONS', CONFIG, 404, 'Invalid method'],
        ['POST', HEALTH, 404, 'Invalid method'],
        ['POST', LEADER, 405, 'Invalid method'],
        ['HEAD', LEADER, 405, ''], // HEAD responses carry no body
        ['PUT', PEERS, 405, 'Invalid method'],
        ['PUT', AGENT_HEALTH, 405, 'Invalid method'],
      ];
      for (const [method, path, status, text] of table) {
        const res = await call(sim, method, path);
        expect([method, path, res.status, res.text]).toEqual([method, path, status, text]);
      }
    }));

  it('§3.7-§3.10 real Nomad routes the simulator does not model answer a loud 501', () =>
    withNomad({}, async (sim) => {
      for (const path of ['/v1/operator/keyring/keys', '/v1/operator/snapshot']) {
        const res = await call(sim, 'GET', path);
        expect([path, res.status, res.text]).toEqual([path, 501, `simulator: ${path} is not simulated`]);
      }
    }));
});

describe('encoding (nomad-operator-api.md §1.1, §1.4, §1.5)', () => {
  it('§1.1 gzip when asked: every body is compressed, Vary always set, types kept', () =>
    withNomad({}, async (sim) => {
      const res = await rawCall(sim, 'GET', CONFIG, { 'Accept-Encoding': 'gzip' });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(JSON.parse(gunzipSync(res.body).toString()).MaxTrailingLogs).toBe(250);
      const err = await rawCall(sim, 'GET', RAFT_PEER, { 'Accept-Encoding': 'gzip' });
      expect([err.status, err.headers['content-type'], gunzipSync(err.body).toString()]).toEqual([
        404,
        TEXT,
        'Invalid method',
      ]);
    }));

  it('§1.1 even an empty 200 is a (empty) gzip stream without Content-Type', () =>
    withNomad({}, async (sim) => {
      const id = sim.region().servers()[2]!.id;
      const res = await rawCall(sim, 'DELETE', `${RAFT_PEER}?id=${id}`, { 'Accept-Encoding': 'gzip' });
      expect([res.status, res.headers['content-encoding'], res.headers['content-type']]).toEqual([
        200,
        'gzip',
        undefined,
      ]);
      expect(res.body.length).toBeGreaterThan(0);
      expect(gunzipSync(res.body).toString()).toBe('');
    }));

  it('§1.1 the first of gzip/deflate listed wins (exact tokens only); deflate is raw DEFLATE', () =>
    withNomad({}, async (sim) => {
      const deflate = await rawCall(sim, 'GET', LEADER, { 'Accept-Encoding': 'br, deflate, gzip' });
      expect(deflate.headers['content-encoding']).toBe('deflate');
      expect(inflateRawSync(deflate.body).toString()).toBe('"127.0.0.1:4647"');
      const weighted = await rawCall(sim, 'GET', LEADER, { 'Accept-Encoding': 'gzip;q=1.0' });
      expect(weighted.headers['content-encoding']).toBeUndefined();
      expect(weighted.body.toString()).toBe('"127.0.0.1:4647"');
    }));

  it('§1.4 strings are encoded with HTML characters as-is, and no trailing newline', () =>
    withNomad({ regions: [{ name: 'global', servers: [{ name: 'a<b>&c' }] }] }, async (sim) => {
      const text = (await call(sim, 'GET', RAFT_CONFIG)).text;
      expect(text).toContain('"Node":"a<b>&c.global"');
      expect(text.endsWith('}')).toBe(true);
    }));

  it('§1.3 ?pretty indents with four spaces and ": ", adds a newline; ?pretty=0 does not', () =>
    withNomad({ regions: [{ name: 'global', servers: 1 }] }, async (sim) => {
      const id = sim.region().servers()[0]!.id;
      const text = (await call(sim, 'GET', RAFT_CONFIG + '?pretty')).text;
      expect(text).toBe(
        '{\n    "Index": 0,\n    "Servers": [\n        {\n            "Address": "127.0.0.1:4647",\n' +
          `            "ID": "${id}",\n            "Leader": true,\n            "Node": "server-1.global",\n` +
          '            "RaftProtocol": "3",\n            "Voter": true\n        }\n    ]\n}\n',
      );
      expect((await call(sim, 'GET', RAFT_CONFIG + '?pretty=0')).text.includes('\n')).toBe(false);
    }));

  it('§1.1 gzip round trip through fetch (which asks for gzip by default) is transparent', () =>
    withNomad({}, async (sim) => {
      const res = await fetch(sim.url + CONFIG);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect((await res.json()).CreateIndex).toBe(3);
    }));
});

describe('query parameters and regions (nomad-operator-api.md §1.3)', () => {
  it('§1.3 read handlers validate stale, per_page, wait and index with 400 texts', () =>
    withNomad({}, async (sim) => {
      const cases: Array<[string, string]> = [
        ['?stale=maybe', 'Expect `true` or `false` for `stale` query string parameter'],
        ['?per_page=ten', 'Expect a number for `per_page` query string parameter'],
        ['?per_page=2147483648', 'Expect a number for `per_page` query string parameter'],
        ['?wait=5 minutes', 'Invalid wait time'],
        ['?index=-1', 'Invalid index'],
      ];
      for (const path of [CONFIG, HEALTH, RAFT_CONFIG, LEADER]) {
        for (const [query, text] of cases) {
          const res = await call(sim, 'GET', path + query);
          expect([path, query, res.status, res.text, res.headers.get('content-type')]).toEqual([
            path,
            query,
            400,
            text,
            TEXT,
          ]);
        }
      }
      for (const ok of ['?stale=TRUE', '?stale=0', '?stale=', '?per_page=-5', '?wait=1m&index=7']) {
        expect([ok, (await call(sim, 'GET', CONFIG + ok)).status]).toEqual([ok, 200]);
      }
    }));

  it('§1.3 ?region routes to another region; empty = the first configured; unknown = 500 "No path to region"', () =>
    withNomad(
      {
        regions: [
          { name: 'us', servers: 1 },
          { name: 'eu', servers: 2 },
        ],
      },
      async (sim) => {
        expect((await call(sim, 'GET', LEADER)).text).toBe('"127.0.0.1:4647"');
        expect((await call(sim, 'GET', LEADER + '?region=')).text).toBe('"127.0.0.1:4647"');
        expect((await call(sim, 'GET', LEADER + '?region=eu')).text).toBe('"127.0.1.1:4647"');
        const eu = JSON.parse((await call(sim, 'GET', RAFT_CONFIG + '?region=eu')).text);
        expect(eu.Servers.map((s: { Node: string }) => s.Node)).toEqual(['server-1.eu', 'server-2.eu']);
        for (const [method, path] of [
          ['GET', CONFIG],
          ['PUT', CONFIG],
          ['GET', HEALTH],
          ['GET', LEADER],
          ['DELETE', RAFT_PEER + '?id=x'],
        ] as const) {
          const res = await call(sim, method, path + (path.includes('?') ? '&' : '?') + 'region=mars', {
            body: method === 'PUT' ? '{}' : undefined,
          });
          expect([method, path, res.status, res.text]).toEqual([method, path, 500, 'No path to region']);
        }
      },
    ));

  it("§1.3 a remote region whose servers are all down has no path; the agent's own region still answers", () =>
    withNomad(
      {
        regions: [
          { name: 'us', servers: 1 },
          { name: 'eu', servers: 1 },
        ],
      },
      async (sim) => {
        sim.region('eu').setServerHealth('server-1', { status: 'failed' });
        expect((await call(sim, 'GET', CONFIG + '?region=eu&stale')).text).toBe('No path to region');
      },
    ));
});
