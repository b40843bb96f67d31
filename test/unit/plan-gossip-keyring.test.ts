import { describe, expect, it } from 'vitest';
import type { KeyringPool } from '../../src/model/keyring.js';
import type { DesiredNomadKeyring } from '../../src/model/resources.js';
import { planGossipKeyring } from '../../src/plan/gossip-keyring.js';
import { describeStepCall } from '../../src/util/step-call.js';
import { desiredKeyring } from '../support/builders.js';

const OLD = 'sha256:0ld0ld00';
const NEW = 'sha256:4e4e4e4e';

const desired = desiredKeyring;

const pool = (
  name: string,
  numNodes: number,
  keys: Record<string, number>,
  primaryKeys: Record<string, number>,
): KeyringPool => ({ name, numNodes, keys, primaryKeys, messages: {} });
const live = (...pools: KeyringPool[]) => ({
  type: 'opstack_consul_gossip_keyring' as const,
  pools,
  failedServers: [],
});
const outline = (plan: ReturnType<typeof planGossipKeyring>) =>
  plan.steps.map(
    (s) => `${describeStepCall(s)} ${s.kind === 'http' ? JSON.stringify(s.body) : JSON.stringify(s.until)}`,
  );

describe('planning a gossip keyring (consul-operator-api.md §4.4)', () => {
  it('a full rotation: install, wait until installed, use, wait until primary, remove', () => {
    const plan = planGossipKeyring(
      desired(NEW),
      live(pool('WAN', 3, { [OLD]: 3 }, { [OLD]: 3 }), pool('dc1 LAN', 5, { [OLD]: 5 }, { [OLD]: 5 })),
    );
    expect(plan.changes[0]?.action).toBe('update');
    expect(outline(plan)).toEqual([
      `POST /v1/operator/keyring {"Key":"${NEW}"}`,
      `WAIT (polls GET /v1/operator/keyring) {"kind":"keys-installed","fingerprints":["${NEW}"]}`,
      `PUT /v1/operator/keyring {"Key":"${NEW}"}`,
      `WAIT (polls GET /v1/operator/keyring) {"kind":"key-primary","fingerprint":"${NEW}"}`,
      `DELETE /v1/operator/keyring {"Key":"${OLD}"}`,
      `WAIT (polls GET /v1/operator/keyring) {"kind":"only-keys","fingerprints":["${NEW}"]}`,
    ]);
  });

  it('guards: use only once every node has the keys, remove only a key no node uses as primary', () => {
    const plan = planGossipKeyring(desired(NEW), live(pool('dc1 LAN', 5, { [OLD]: 5 }, { [OLD]: 5 })));
    const http = plan.steps.filter((s) => s.kind === 'http');
    expect(http.map((s) => [s.method, s.precondition])).toEqual([
      ['POST', undefined],
      ['PUT', { kind: 'keys-installed', fingerprints: [NEW] }],
      ['DELETE', { kind: 'safe-to-remove', fingerprint: OLD, keep: [NEW] }],
    ]);
    expect(http.map((s) => s.key)).toEqual([
      { kind: 'reference', reference: { source: 'env', name: 'KEY_0' }, fingerprint: NEW },
      { kind: 'reference', reference: { source: 'env', name: 'KEY_0' }, fingerprint: NEW },
      { kind: 'live', fingerprint: OLD },
    ]);
  });

  it('interrupted after the installs: a re-plan continues with the wait and use', () => {
    const plan = planGossipKeyring(desired(NEW), live(pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 5 }, { [OLD]: 5 })));
    expect(plan.steps.map((s) => describeStepCall(s).split(' ')[0])).toEqual(['WAIT', 'PUT', 'WAIT', 'DELETE', 'WAIT']);
  });

  it('interrupted after the use: a re-plan only removes the old key', () => {
    const plan = planGossipKeyring(desired(NEW), live(pool('dc1 LAN', 5, { [OLD]: 5, [NEW]: 5 }, { [NEW]: 5 })));
    expect(outline(plan)).toEqual([
      `DELETE /v1/operator/keyring {"Key":"${OLD}"}`,
      `WAIT (polls GET /v1/operator/keyring) {"kind":"only-keys","fingerprints":["${NEW}"]}`,
    ]);
  });

  it('a key on fewer than NumNodes nodes is drift by itself, and the plan shows the coverage', () => {
    const plan = planGossipKeyring(desired(NEW), live(pool('dc1 LAN', 5, { [NEW]: 3 }, { [NEW]: 3 })));
    expect(plan.changes[0]?.action).toBe('update');
    expect(plan.changes[0]?.notes).toEqual([
      { code: 'keyring-coverage', severity: 'info', message: `dc1 LAN: ${NEW} on 3/5 nodes; primary ${NEW} on 3/5` },
      {
        code: 'rotation-with-unhealthy-nodes',
        severity: 'warning',
        message: `rotating while 2 of 5 nodes in dc1 LAN lack ${NEW}`,
      },
    ]);
    expect(plan.steps[0]).toMatchObject({ kind: 'http', method: 'POST' });
  });

  it('two primaries in one pool is drift: the declared primary is used again', () => {
    const plan = planGossipKeyring(
      desired(NEW, OLD),
      live(pool('dc1 LAN', 4, { [NEW]: 4, [OLD]: 4 }, { [NEW]: 3, [OLD]: 1 })),
    );
    expect(plan.steps.map((s) => describeStepCall(s).split(' ')[0])).toEqual(['WAIT', 'PUT', 'WAIT']);
  });

  it('a keyring that matches everywhere is a no-op, whatever the order of secondary keys', () => {
    const plan = planGossipKeyring(
      desired(NEW, OLD),
      live(
        pool('WAN', 3, { [OLD]: 3, [NEW]: 3 }, { [NEW]: 3 }),
        pool('dc1 LAN', 5, { [NEW]: 5, [OLD]: 5 }, { [NEW]: 5 }),
      ),
    );
    expect(plan.changes[0]?.action).toBe('no-op');
    expect(plan.steps).toEqual([]);
  });

  it('the relay factor is sent on every write', () => {
    const plan = planGossipKeyring(
      { ...desired(NEW), relayFactor: 3 },
      live(pool('dc1 LAN', 1, { [OLD]: 1 }, { [OLD]: 1 })),
    );
    expect(plan.steps.filter((s) => s.kind === 'http').map((s) => s.kind === 'http' && s.query)).toEqual([
      { 'relay-factor': '3' },
      { 'relay-factor': '3' },
      { 'relay-factor': '3' },
    ]);
  });
});

describe('planning a Nomad gossip keyring (nomad-operator-api.md §3.8: one pool, no primaries reported)', () => {
  const nomadDesired = (...fingerprints: string[]): DesiredNomadKeyring => ({
    ...desired(...fingerprints),
    stack: 'eu',
    type: 'opstack_nomad_gossip_keyring',
    datacenter: 'eu',
  });
  const servers = (numNodes: number, keys: Record<string, number>): KeyringPool => ({
    name: 'servers (all regions)',
    numNodes,
    keys,
    primaryKeys: null,
    messages: {},
  });
  const nomadLive = (pool: KeyringPool) => ({ type: 'opstack_nomad_gossip_keyring' as const, pools: [pool] });

  it(
    'a rotation on /v1/agent/keyring/*: install, wait, use ' +
      '(no wait: a 200 means every server switched), remove, wait',
    () => {
      const plan = planGossipKeyring(nomadDesired(NEW), nomadLive(servers(5, { [OLD]: 5 })));
      expect(outline(plan)).toEqual([
        `PUT /v1/agent/keyring/install {"Key":"${NEW}"}`,
        `WAIT (polls GET /v1/agent/keyring/list) {"kind":"keys-installed","fingerprints":["${NEW}"]}`,
        `PUT /v1/agent/keyring/use {"Key":"${NEW}"}`,
        `PUT /v1/agent/keyring/remove {"Key":"${OLD}"}`,
        `WAIT (polls GET /v1/agent/keyring/list) {"kind":"only-keys","fingerprints":["${NEW}"]}`,
      ]);
      expect(plan.changes[0]?.notes).toEqual([
        { code: 'keyring-coverage', severity: 'info', message: `servers (all regions): ${NEW} on 0/5 nodes` },
      ]);
      expect(plan.changes[0]?.before).toEqual({ keys: [OLD], primary_key: OLD });
    },
  );

  it('one key on every server is the primary: nothing to do', () => {
    const plan = planGossipKeyring(nomadDesired(NEW), nomadLive(servers(3, { [NEW]: 3 })));
    expect(plan.changes[0]?.action).toBe('no-op');
    expect(plan.steps).toEqual([]);
  });

  it('two declared keys everywhere: the primary cannot be read, so nothing is planned and a note says so', () => {
    const plan = planGossipKeyring(nomadDesired(NEW, OLD), nomadLive(servers(3, { [NEW]: 3, [OLD]: 3 })));
    expect(plan.steps).toEqual([]);
    expect(plan.changes[0]?.before).toEqual({ keys: [OLD, NEW].sort(), primary_key: null });
    expect(plan.changes[0]?.notes).toContainEqual({
      code: 'primary-unreported',
      severity: 'info',
      message:
        `Nomad does not report which key is primary; opstack makes ${NEW} primary ` + 'whenever it changes the keyring',
    });
  });

  it('removing an old key first makes the declared primary the primary (serf refuses to remove a primary)', () => {
    const plan = planGossipKeyring(nomadDesired(NEW), nomadLive(servers(3, { [NEW]: 3, [OLD]: 3 })));
    expect(outline(plan)).toEqual([
      `WAIT (polls GET /v1/agent/keyring/list) {"kind":"keys-installed","fingerprints":["${NEW}"]}`,
      `PUT /v1/agent/keyring/use {"Key":"${NEW}"}`,
      `PUT /v1/agent/keyring/remove {"Key":"${OLD}"}`,
      `WAIT (polls GET /v1/agent/keyring/list) {"kind":"only-keys","fingerprints":["${NEW}"]}`,
    ]);
  });
});
