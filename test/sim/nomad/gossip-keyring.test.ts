import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY } from '../../../src/sim/nomad/index.js';
import { JSON_TYPE, TEXT, call, withNomad } from './helpers.js';

const KEYRING = '/v1/agent/keyring';
const NEW_KEY = Buffer.alloc(32, 7).toString('base64');
const TWO_REGIONS = {
  regions: [
    { name: 'eu', servers: 3 },
    { name: 'us', servers: 2 },
  ],
};

const keyBody = (key: string) => ({ body: JSON.stringify({ Key: key }) });

describe('/v1/agent/keyring/* (nomad-operator-api.md §3.8)', () => {
  it('§3.8 list counts every server of every region (one serf pool), whatever ?region= says', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      for (const path of [`${KEYRING}/list`, `${KEYRING}/list?region=us`]) {
        const res = await call(sim, 'GET', path);
        expect([res.status, res.headers.get('content-type')]).toEqual([200, JSON_TYPE]);
        expect(res.text).toBe(`{"Keys":{"${DEFAULT_GOSSIP_KEY}":5},"Messages":{},"NumNodes":5}`);
      }
    }));

  it('§3.8 install, use and remove take {"Key"} with any method and apply on every alive server', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      expect((await call(sim, 'POST', `${KEYRING}/install`, keyBody(NEW_KEY))).text).toBe(
        '{"Keys":{},"Messages":{},"NumNodes":5}',
      );
      expect((await call(sim, 'PUT', `${KEYRING}/use`, keyBody(NEW_KEY))).status).toBe(200);
      expect((await call(sim, 'DELETE', `${KEYRING}/remove`, keyBody(DEFAULT_GOSSIP_KEY))).status).toBe(200);
      expect(sim.gossip.keyring().map((n) => [n.name, n.keys])).toEqual(
        ['server-1.eu', 'server-2.eu', 'server-3.eu', 'server-1.us', 'server-2.us'].map((name) => [name, [NEW_KEY]]),
      );
    }));

  it('§3.8 a failed or left server is neither counted nor changed', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      sim.region('us').setServerHealth('server-2', { status: 'failed' });
      expect((await call(sim, 'PUT', `${KEYRING}/install`, keyBody(NEW_KEY))).text).toBe(
        '{"Keys":{},"Messages":{},"NumNodes":4}',
      );
      expect(sim.gossip.keyring().find((n) => n.name === 'server-2.us')?.keys).toEqual([DEFAULT_GOSSIP_KEY]);
    }));

  it(
    '§3.8 a failing node makes a 500 "<n>/<m> nodes reported ' +
      'failure" without node messages; others keep the change',
    () =>
      withNomad(TWO_REGIONS, async (sim) => {
        sim.gossip.setNodeFailure('server-1.us', 'install', 'disk full');
        const res = await call(sim, 'PUT', `${KEYRING}/install`, keyBody(NEW_KEY));
        expect([res.status, res.text, res.headers.get('content-type')]).toEqual([
          500,
          '1/5 nodes reported failure',
          TEXT,
        ]);
        expect(sim.gossip.keyring().filter((n) => n.keys.includes(NEW_KEY))).toHaveLength(4);
      }),
  );

  it('§3.8 a server restarting while a change goes out is not counted by it, and is back without it', () =>
    withNomad(TWO_REGIONS, async (sim) => {
      sim.gossip.missNextChange('server-2.us');
      const install = await call(sim, 'PUT', `${KEYRING}/install`, keyBody(NEW_KEY));
      expect(install.text).toBe('{"Keys":{},"Messages":{},"NumNodes":4}');
      expect((await call(sim, 'GET', `${KEYRING}/list`)).text).toBe(
        `{"Keys":{"${DEFAULT_GOSSIP_KEY}":5,"${NEW_KEY}":4},"Messages":{},"NumNodes":5}`,
      );
      expect((await call(sim, 'PUT', `${KEYRING}/install`, keyBody(NEW_KEY))).text).toContain('"NumNodes":5');
      expect(() => sim.gossip.missNextChange('server-9.us')).toThrow('no Nomad server "server-9.us"');
    }));

  it('§3.8 serf refuses per node: use of a key not installed, removal of the primary', () =>
    withNomad({}, async (sim) => {
      expect((await call(sim, 'PUT', `${KEYRING}/use`, keyBody(NEW_KEY))).text).toBe('3/3 nodes reported failure');
      expect((await call(sim, 'PUT', `${KEYRING}/remove`, keyBody(DEFAULT_GOSSIP_KEY))).text).toBe(
        '3/3 nodes reported failure',
      );
      expect(sim.gossip.keyring().every((n) => n.primary === DEFAULT_GOSSIP_KEY)).toBe(true);
    }));

  it('§3.8 without gossip encryption every operation fails on every node', () =>
    withNomad({ gossip: { encrypted: false } }, async (sim) => {
      expect((await call(sim, 'GET', `${KEYRING}/list`)).text).toBe('3/3 nodes reported failure');
    }));

  it('§3.8 request errors: empty body 400, wrong type 400, bad base64 500, unknown op 404', () =>
    withNomad({}, async (sim) => {
      const empty = await call(sim, 'PUT', `${KEYRING}/install`);
      expect([empty.status, empty.text]).toEqual([400, 'Request body is empty']);
      const typed = await call(sim, 'PUT', `${KEYRING}/install`, { body: '{"Key":1}' });
      expect([typed.status, typed.text]).toEqual([
        400,
        'json: cannot unmarshal number into Go struct field KeyringRequest.Key of type string',
      ]);
      const base64 = await call(sim, 'PUT', `${KEYRING}/install`, keyBody('not base64!'));
      expect([base64.status, base64.text]).toEqual([500, 'illegal base64 data at input byte 3']);
      const unknown = await call(sim, 'GET', `${KEYRING}/rotate`);
      expect([unknown.status, unknown.text]).toEqual([404, 'resource not found']);
    }));

  it('§3.8/§1.8 the ACL is agent:write: operator:write is not enough', () =>
    withNomad(
      {
        acl: {
          enabled: true,
          tokens: [
            { secret: 'op', type: 'client', capabilities: ['operator:write'] },
            { secret: 'agent', type: 'client', capabilities: ['agent:write'] },
          ],
        },
      },
      async (sim) => {
        const denied = await call(sim, 'GET', `${KEYRING}/list`, { headers: { 'X-Nomad-Token': 'op' } });
        expect([denied.status, denied.text]).toEqual([403, 'Permission denied']);
        expect((await call(sim, 'GET', `${KEYRING}/list`, { headers: { 'X-Nomad-Token': 'agent' } })).status).toBe(200);
      },
    ));
});
