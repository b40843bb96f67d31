import { describe, expect, it } from 'vitest';
import type { RecordedRequest, SimAclSpec } from '../../src/sim/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { runCli } from '../support/cli.js';
import { CONSUL_LOCK_PERMISSIONS, withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const NEW = Buffer.alloc(32, 0x3c).toString('base64');
const env = { NEW_GOSSIP_KEY: NEW };
const FAST_POLL = ['--poll-interval', '5ms'];
const KEYRING = '/v1/operator/keyring';
const MEMBERS = '/v1/agent/members';
/** The plan's read of which servers are down (read/failed-servers.ts). */
const HEALTH = 'GET /v1/operator/autopilot/health?dc=dc1&stale=';
const KEYRING_STACK = { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } };

/** Each request but the lock's and the keyring list polls, as `METHOD path?query`. */
const calls = (requests: readonly RecordedRequest[]) =>
  withoutLockCalls(requests)
    .filter((r) => !(r.method === 'GET' && r.path.startsWith('/v1/agent/keyring/list')))
    .filter((r) => !(r.method === 'GET' && r.path === KEYRING))
    .map((r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ''}`);

/** 3 servers and 3 clients on the old key; the stack declares only the new one. */
async function consulSetup(acl?: SimAclSpec) {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { clients: 3 } }], acl });
  const synthDir = writeSynthDir([{ name: 'dc1', resources: KEYRING_STACK }], sim.address);
  /** With `beforeWrites`, apply asks for approval and runs it when the operator answers. */
  const apply = (timeout: string, beforeWrites?: () => void) =>
    runCli(
      [
        'apply',
        '--synth-dir',
        synthDir,
        ...(beforeWrites ? [] : ['--auto-approve']),
        '--wait-timeout',
        timeout,
        ...FAST_POLL,
      ],
      {
        env: acl ? { ...env, CONSUL_HTTP_TOKEN: 'applier' } : env,
        answer: beforeWrites && (() => (beforeWrites(), 'yes')),
      },
    );
  return { sim, apply };
}

const install = `until every node has ${fingerprint(NEW)}`;

describe('a keyring wait that times out names the nodes that lag (issue 11 item 7)', () => {
  it(
    'Consul: a failed client is named from /v1/agent/members, read once; the lagging one is counted, ' +
      'since no answer names it',
    async () => {
      const { sim, apply } = await consulSetup();
      sim.consul().setClientStatus('dc1-client-2', 'failed');
      sim.consul().setKeyringNodeLag('dc1-client-3', Infinity);
      const result = await apply('200ms');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Error: dc1/opstack_consul_gossip_keyring.keyring: gave up after 200ms waiting ${install}: ` +
          'WAN: 3/3 nodes, dc1 LAN: 4/5 nodes. Not alive in serf, so not counted, and they miss every change ' +
          'until they rejoin: dc1-client-2 (dc1 LAN, failed). 1 node in dc1 LAN has not caught up, and Consul does ' +
          'not say which: `cat <data_dir>/serf/local.keyring` on each agent lists its keys.\n',
      );
      // The members are read once, after the last poll, and only the LAN pool's (the WAN pool is complete).
      expect(calls(sim.requests)).toEqual([HEALTH, `POST ${KEYRING}?dc=dc1`, `GET ${MEMBERS}?dc=dc1&segment=_all`]);
      expect(withoutLockCalls(sim.requests).at(-1)!.path).toBe(MEMBERS);
    },
  );

  it('Consul: of thousands of failed members (kept 72 h), ten are named and the rest counted', async () => {
    const { sim, apply } = await consulSetup();
    sim.consul().setKeyringNodeLag('dc1-client-3', Infinity);
    const member = (i: number) => ({ Name: `gone-${i}`, Addr: '10.0.0.9', Port: 8301, Status: 4, Tags: { dc: 'dc1' } });
    const body = JSON.stringify(Array.from({ length: 5000 }, (_, i) => member(i)));
    sim.faults.failNext(1, { method: 'GET', path: MEMBERS, status: 200, body });
    const result = await apply('150ms');
    expect(result.code).toBe(1);
    const named = Array.from({ length: 10 }, (_, i) => `gone-${i} (dc1 LAN, failed)`).join('; ');
    expect(result.stderr).toContain(`until they rejoin: ${named}; and 4990 more (\`consul members\` lists them).`);
    expect(result.stderr).not.toContain('gone-10 ');
  });

  it('Consul: a server lagging in the WAN pool reads the WAN members and points at remote.keyring', async () => {
    const { sim, apply } = await consulSetup();
    sim.consul().setKeyringNodeLag('dc1-server-2.dc1', Infinity);
    sim.consul().setKeyringNodeLag('dc1-server-3.dc1', Infinity);
    const result = await apply('150ms');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'WAN: 1/3 nodes, dc1 LAN: 6/6 nodes. 2 nodes in WAN have not caught up, and Consul does not say which: ' +
        '`cat <data_dir>/serf/remote.keyring` on each server lists its WAN keys.\n',
    );
    expect(calls(sim.requests)).toEqual([HEALTH, `POST ${KEYRING}?dc=dc1`, `GET ${MEMBERS}?dc=dc1&wan=1`]);
  });

  it('Consul: a server that just died and is still counted is named as failed from the WAN members', async () => {
    const { sim, apply } = await consulSetup();
    // The server dies while the operator reads the plan (observed-real-servers.md §3).
    const result = await apply('150ms', () =>
      sim.consul().memberDied('dc1-server-3', { stillCountedMs: 60_000, answerDelayMs: 0 }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'a node stopped answering keyring queries (WAN: 2/3 nodes answered); the keyring cannot be read completely. ' +
        'Not alive in serf: dc1-server-3.dc1 (WAN, failed).\n',
    );
    expect(calls(sim.requests)).toEqual([HEALTH, `POST ${KEYRING}?dc=dc1`, `GET ${MEMBERS}?dc=dc1&wan=1`]);
  });

  it('Consul: without node:read the members cannot be listed, and the message says so instead', async () => {
    const { sim, apply } = await consulSetup({
      enabled: true,
      tokens: [{ secret: 'applier', permissions: ['keyring:write', 'operator:read', ...CONSUL_LOCK_PERMISSIONS] }],
    });
    sim.consul().setKeyringNodeLag('dc1-client-1', Infinity);
    const result = await apply('150ms');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `dc1 LAN: 5/6 nodes. Serf members could not be read: Consul at http://${sim.address} (datacenter "dc1") ` +
        'listed no serf members: the token may not read nodes (node:read). 1 node in dc1 LAN has not caught up',
    );
    expect(calls(sim.requests)).toEqual([HEALTH, `POST ${KEYRING}?dc=dc1`, `GET ${MEMBERS}?dc=dc1&segment=_all`]);
  });

  it('a member name that is not plain text is shown JSON-quoted, so it cannot drive the terminal', async () => {
    const sim = await startSimulator({
      datacenters: [{ name: 'dc1', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c\u001b[2J' }] }],
    });
    const synthDir = writeSynthDir([{ name: 'dc1', resources: KEYRING_STACK }], sim.address);
    sim.consul().killServer('c\u001b[2J');
    sim.consul().setKeyringNodeLag('b', Infinity);
    const result = await runCli(
      ['apply', '--synth-dir', synthDir, '--auto-approve', '--wait-timeout', '100ms', ...FAST_POLL],
      { env },
    );
    expect(result.stderr).toContain(
      'they rejoin: "c\\u001b[2J" (dc1 LAN, failed). 1 node in dc1 LAN has not caught up',
    );
  });

  it('a rotation that converges never reads the members', async () => {
    const { sim, apply } = await consulSetup();
    expect((await apply('5s')).code).toBe(0);
    expect(sim.requests.filter((r) => r.path === MEMBERS)).toEqual([]);
  });

  it('Nomad: a left server is named, and the one that restarted during the install is counted', async () => {
    const nomad = await startNomadSimulator({ regions: [{ name: 'eu', servers: 3 }] });
    const synthDir = writeSynthDir(
      [
        {
          name: 'nomad-eu',
          product: 'nomad',
          provider: { address: nomad.url, region: 'eu' },
          resources: { opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } },
        },
      ],
      '',
    );
    nomad.region('eu').killServer('server-2');
    nomad.gossip.missNextChange('server-3.eu');
    const result = await runCli(
      ['apply', '--synth-dir', synthDir, '--auto-approve', '--wait-timeout', '150ms', ...FAST_POLL],
      { env },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Error: nomad-eu/opstack_nomad_gossip_keyring.keyring: gave up after 150ms waiting ${install}: ` +
        'servers (all regions): 1/2 nodes. Not alive in serf, so not counted, and they miss every change until ' +
        'they rejoin: server-2.eu (left). 1 node in servers (all regions) has not caught up, and Nomad does not ' +
        'say which: `cat <data_dir>/server/serf.keyring` on each server lists its keys.\n',
    );
    expect(calls(nomad.requests)).toEqual(['PUT /v1/agent/keyring/install?region=eu', `GET ${MEMBERS}?region=eu`]);
  });
});
