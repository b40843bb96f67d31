import { describe, expect, it } from 'vitest';
import { CONFIG, HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER, STATE, call, withSim } from './helpers.js';

const NOT_FOUND = 'Invalid URL path: not a recognized HTTP API endpoint\n';

describe('routing and unknown paths (consul-operator-api.md §2.1, §4.8)', () => {
  it('§2.1 only exact paths match; anything else is the unwrapped Index 404', () =>
    withSim({}, async (sim) => {
      for (const path of ['/v1/operator/keyring/', '/v1/operator/raft/peers', CONFIG + '/', '/v1/nope']) {
        const res = await call(sim, 'GET', path);
        expect(res.status).toBe(404);
        expect(res.text).toBe(NOT_FOUND);
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(res.headers.get('x-consul-default-acl-policy')).toBeNull();
        expect(res.headers.get('vary')).toBeNull();
      }
    }));

  it("§2.1 paths without /v1/ get the 'ensure the path starts with' text", () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'GET', '/operator/raft/configuration');
      expect(res.status).toBe(404);
      expect(res.text).toBe(
        "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n",
      );
    }));

  it('§4.8 Enterprise area paths are 404 in CE for every method, with no ACL check', () =>
    withSim({ acl: { enabled: true, tokens: [] } }, async (sim) => {
      for (const [method, path] of [
        ['GET', '/v1/operator/area'],
        ['POST', '/v1/operator/area'],
        ['PUT', '/v1/operator/area/8f246b77-f3e1-ff88-5b48-8ec93abf3e05'],
        ['DELETE', '/v1/operator/area/8f246b77-f3e1-ff88-5b48-8ec93abf3e05'],
        ['PUT', '/v1/operator/area/x/join'],
        ['GET', '/v1/operator/area/x/members'],
        ['GET', '/v1/operator/segment'],
        ['GET', '/v1/operator/license'],
      ] as const) {
        const res = await call(sim, method, path, { headers: { 'X-Consul-Token': 'garbage' } });
        expect([method, path, res.status, res.text]).toEqual([method, path, 404, NOT_FOUND]);
      }
    }));
});

describe('wrap pipeline (consul-operator-api.md §2.2)', () => {
  it('§2.2 wrong method → 405 "method PATCH not allowed" with Allow: OPTIONS,GET,PUT', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PATCH', CONFIG);
      expect(res.status).toBe(405);
      expect(res.text).toBe('method PATCH not allowed');
      expect(res.headers.get('allow')).toBe('OPTIONS,GET,PUT');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('x-consul-default-acl-policy')).toBe('allow');
    }));

  it('§2.2 each route has its own allow-list; HEAD is never allowed', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string, string, string]> = [
        ['POST', RAFT_CONFIG, 'OPTIONS,GET'],
        ['GET', RAFT_PEER, 'OPTIONS,DELETE'],
        ['PUT', HEALTH, 'OPTIONS,GET'],
        ['DELETE', STATE, 'OPTIONS,GET'],
        ['PUT', LEADER, 'OPTIONS,GET'],
        ['HEAD', CONFIG, 'OPTIONS,GET,PUT'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await call(sim, method, path);
        expect([method, path, res.status, res.headers.get('allow')]).toEqual([method, path, 405, allow]);
      }
    }));

  it('§2.2 OPTIONS → 200, empty body (text/plain, as observed on real servers), Allow header', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'OPTIONS', CONFIG);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('allow')).toBe('OPTIONS,GET,PUT');
      expect(res.headers.get('x-consul-default-acl-policy')).toBe('allow');
    }));

  it('§2.2 a query string Go cannot parse → 500 with an empty body', () =>
    withSim({}, async (sim) => {
      for (const q of ['?dc=%zz', '?a=1;b=2']) {
        const res = await call(sim, 'GET', CONFIG + q);
        expect(res.status).toBe(500);
        expect(res.text).toBe('');
      }
    }));

  it('§2.2 every wrapped response carries X-Consul-Default-ACL-Policy and Vary; no X-Consul-Index (§2.4)', () =>
    withSim({}, async (sim) => {
      for (const path of [CONFIG, HEALTH, STATE, RAFT_CONFIG, LEADER]) {
        const res = await call(sim, 'GET', path);
        expect(res.headers.get('x-consul-default-acl-policy')).toBe('allow');
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        expect(res.headers.get('x-consul-index')).toBeNull();
        expect(res.headers.get('x-consul-knownleader')).toBeNull();
      }
    }));
});

describe('success encoding (consul-operator-api.md §2.4)', () => {
  it('§2.4 JSON bodies are application/json without charset', () =>
    withSim({}, async (sim) => {
      expect((await call(sim, 'GET', RAFT_CONFIG)).headers.get('content-type')).toBe('application/json');
    }));

  it('§2.2 gzip (Vary: Accept-Encoding) for bodies of at least 1400 bytes when the client accepts it', () =>
    withSim({ datacenters: [{ name: 'dc1', servers: 5 }] }, async (sim) => {
      const zipped = await call(sim, 'GET', STATE, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(JSON.parse(zipped.text).Healthy).toBe(true); // fetch inflates it
      const plain = await call(sim, 'GET', STATE, { headers: { 'Accept-Encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      const small = await call(sim, 'GET', CONFIG, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(small.headers.get('content-encoding')).toBeNull();
    }));
});

describe('datacenter routing (consul-operator-api.md §2.6)', () => {
  const twoDcs = { datacenters: [{ name: 'dc1' }, { name: 'dc2', servers: 1 }] };

  it('§2.6 default dc is the first one; ?dc and ?datacenter select another', () =>
    withSim(twoDcs, async (sim) => {
      const count = async (q: string) => JSON.parse((await call(sim, 'GET', RAFT_CONFIG + q)).text).Servers.length;
      expect(await count('')).toBe(3);
      expect(await count('?dc=dc2')).toBe(1);
      expect(await count('?datacenter=dc2')).toBe(1);
      expect(await count('?datacenter=dc2&dc=dc1')).toBe(1); // ?datacenter wins
      expect(await count('?dc=')).toBe(3);
    }));

  it('§2.6 an unknown datacenter is 500 "No path to datacenter" (never 404)', () =>
    withSim(twoDcs, async (sim) => {
      for (const [method, path] of [
        ['GET', CONFIG],
        ['PUT', CONFIG],
        ['GET', HEALTH],
        ['GET', STATE],
        ['GET', RAFT_CONFIG],
        ['DELETE', RAFT_PEER + '?id=x&'],
        ['GET', LEADER],
      ] as const) {
        const sep = path.includes('?') ? '' : '?';
        const res = await call(sim, method, `${path}${sep}dc=DC1`, { body: method === 'PUT' ? '{}' : undefined });
        expect([method, path, res.status, res.text]).toEqual([method, path, 500, 'No path to datacenter']);
      }
    }));
});

describe('query options s.parse (consul-operator-api.md §2.7)', () => {
  it('§2.7 invalid options on GET endpoints are 400 with the exact texts', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string, string, Record<string, string>?]> = [
        ['?stale&consistent', 'Cannot specify ?stale with ?consistent, conflicting semantics.'],
        ['?cached&consistent', 'Cannot specify ?cached with ?consistent, conflicting semantics.'],
        ['?max_stale=x', 'Invalid max_stale value "x"'],
        ['?wait=5', 'Invalid wait time'],
        ['?index=x', 'Invalid index'],
        ['', 'Invalid Cache-Control header.', { 'Cache-Control': 'max-age=abc' }],
      ];
      for (const path of [CONFIG, HEALTH, STATE, RAFT_CONFIG, LEADER]) {
        for (const [q, text, headers] of cases) {
          const res = await call(sim, 'GET', path + q, { headers });
          expect([path, q, res.status, res.text]).toEqual([path, q, 400, text]);
        }
      }
    }));

  it('§2.7 valid ?index/?wait are accepted and ignored (no blocking)', () =>
    withSim({}, async (sim) => {
      const started = Date.now();
      const res = await call(sim, 'GET', CONFIG + '?index=5&wait=10s');
      expect(res.status).toBe(200);
      // A blocking query would have held the answer for the 10 s asked.
      expect(Date.now() - started).toBeLessThan(10_000);
    }));

  it('§2.7 PUT and DELETE do not run s.parse', () =>
    withSim({}, async (sim) => {
      expect((await call(sim, 'PUT', CONFIG + '?wait=x', { body: '{}' })).status).toBe(200);
    }));
});
