import { describe, expect, it } from 'vitest';
import type { NomadSimulatorOptions } from '../../../src/sim/nomad/index.js';
import {
  AGENT_HEALTH,
  CONFIG,
  HEALTH,
  LEADER,
  PEERS,
  RAFT_CONFIG,
  RAFT_PEER,
  TEXT,
  call,
  withNomad,
} from './helpers.js';

const MGMT = '0b6f35d6-8a0d-4c5c-a7f9-9e7b1b0f8e01';
const READ = '1b6f35d6-8a0d-4c5c-a7f9-9e7b1b0f8e02';
const WRITE = '2b6f35d6-8a0d-4c5c-a7f9-9e7b1b0f8e03';
const NONE = '3b6f35d6-8a0d-4c5c-a7f9-9e7b1b0f8e04';

const ACL: NomadSimulatorOptions = {
  acl: {
    enabled: true,
    tokens: [
      { secret: MGMT, type: 'management' },
      { secret: READ, type: 'client', capabilities: ['operator:read'] },
      { secret: WRITE, type: 'client', capabilities: ['operator:write'] },
      { secret: NONE, type: 'client' },
    ],
  },
};

const tok = (secret: string) => ({ headers: { 'X-Nomad-Token': secret } });

describe('ACL (nomad-operator-api.md §1.2, §1.8, §10.1)', () => {
  it('§1.2 ACLs disabled: every request is management, tokens are ignored', () =>
    withNomad({}, async (sim) => {
      expect((await call(sim, 'GET', RAFT_CONFIG)).status).toBe(200);
      expect((await call(sim, 'GET', RAFT_CONFIG, tok('garbage'))).status).toBe(200);
      expect((await call(sim, 'PUT', CONFIG, { body: '{}' })).text).toBe('true');
    }));

  it('§1.2 ACLs enabled: anonymous and unknown tokens get 403 "Permission denied" (never "token not found")', () =>
    withNomad(ACL, async (sim) => {
      for (const init of [{}, tok('no-such-token'), tok('00000000-0000-0000-0000-000000000000')]) {
        for (const [method, path] of [
          ['GET', CONFIG],
          ['GET', HEALTH],
          ['GET', RAFT_CONFIG],
        ] as const) {
          const res = await call(sim, method, path, init);
          expect([path, res.status, res.text, res.headers.get('content-type')]).toEqual([
            path,
            403,
            'Permission denied',
            TEXT,
          ]);
        }
      }
    }));

  it('§1.8/§10.1 raft endpoints need management; operator:write is not enough', () =>
    withNomad(ACL, async (sim) => {
      const id = sim.region().servers()[2]!.id;
      for (const secret of [READ, WRITE, NONE]) {
        expect((await call(sim, 'GET', RAFT_CONFIG, tok(secret))).status).toBe(403);
        expect((await call(sim, 'DELETE', `${RAFT_PEER}?id=${id}`, tok(secret))).text).toBe('Permission denied');
      }
      expect((await call(sim, 'GET', RAFT_CONFIG, tok(MGMT))).status).toBe(200);
      expect((await call(sim, 'DELETE', `${RAFT_PEER}?id=${id}`, tok(MGMT))).status).toBe(200);
    }));

  it('§3.4/§3.5 autopilot: operator:read reads config and health, operator:write (or management) also writes', () =>
    withNomad(ACL, async (sim) => {
      for (const secret of [READ, WRITE, MGMT]) {
        expect((await call(sim, 'GET', CONFIG, tok(secret))).status).toBe(200);
        expect((await call(sim, 'GET', HEALTH, tok(secret))).status).toBe(200);
      }
      expect((await call(sim, 'GET', CONFIG, tok(NONE))).status).toBe(403);
      const denied = await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":1}', ...tok(READ) });
      expect([denied.status, denied.text]).toEqual([403, 'Permission denied']);
      expect(sim.region().autopilotConfig().ModifyIndex).toBe(3); // refused before raft: no index used
      expect((await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":1}', ...tok(WRITE) })).text).toBe('true');
      expect((await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":2}', ...tok(MGMT) })).text).toBe('true');
    }));

  it('§1.2 Authorization: Bearer (scheme case-insensitive, first word only); other schemes are anonymous', () =>
    withNomad(ACL, async (sim) => {
      const auth = (v: string) => ({ headers: { Authorization: v } });
      expect((await call(sim, 'GET', RAFT_CONFIG, auth(`Bearer ${MGMT}`))).status).toBe(200);
      expect((await call(sim, 'GET', RAFT_CONFIG, auth(`bEaReR   ${MGMT} extra words`))).status).toBe(200);
      expect((await call(sim, 'GET', RAFT_CONFIG, auth(`Basic ${MGMT}`))).status).toBe(403);
      expect((await call(sim, 'GET', RAFT_CONFIG, auth(MGMT))).status).toBe(403);
    }));

  it('§1.2 X-Nomad-Token (trimmed) wins over Authorization; there is no ?token= parameter', () =>
    withNomad(ACL, async (sim) => {
      const both = { headers: { 'X-Nomad-Token': ` ${READ} `, Authorization: `Bearer ${MGMT}` } };
      expect((await call(sim, 'GET', RAFT_CONFIG, both)).status).toBe(403);
      expect((await call(sim, 'GET', CONFIG, both)).status).toBe(200);
      expect((await call(sim, 'GET', `${RAFT_CONFIG}?token=${MGMT}`)).status).toBe(403);
    }));

  it('§3.9 readiness endpoints need no token', () =>
    withNomad(ACL, async (sim) => {
      for (const path of [LEADER, PEERS, AGENT_HEALTH]) {
        expect([path, (await call(sim, 'GET', path, tok('garbage'))).status]).toEqual([path, 200]);
      }
    }));

  it('§1.6 check order: 400s, then region/leader errors, then 403', () =>
    withNomad(ACL, async (sim) => {
      expect((await call(sim, 'DELETE', RAFT_PEER)).status).toBe(400);
      expect((await call(sim, 'PUT', CONFIG, { body: '{' })).status).toBe(400);
      expect((await call(sim, 'GET', CONFIG + '?stale=maybe')).status).toBe(400);
      expect((await call(sim, 'GET', CONFIG + '?region=mars')).text).toBe('No path to region');
      sim.faults.noLeader('global', true);
      expect((await call(sim, 'GET', RAFT_CONFIG)).text).toBe('No cluster leader');
      expect((await call(sim, 'GET', RAFT_CONFIG + '?stale')).text).toBe('Permission denied');
    }));
});
