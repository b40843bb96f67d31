// What a keyring wait that gave up says (src/apply/wait-timeout.ts), for answers the simulator cannot
// produce end to end: node Messages in a 200 list, and a node that stopped answering while serf still
// reports it alive (real Consul, observed-real-servers.md §3). The members are read from a simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import type { PoolCoverage } from '../../src/apply/keyring-gates.js';
import { notConvergedError, unansweredError } from '../../src/apply/wait-timeout.js';
import { KeyringUnansweredError } from '../../src/model/errors.js';
import type { WaitStep } from '../../src/model/plan.js';
import { NOMAD_POOL } from '../../src/read/nomad-keyring.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';

const step: WaitStep = {
  kind: 'wait',
  index: 2,
  address: 'dc1/opstack_consul_gossip_keyring.keyring',
  description: 'wait until every node has sha256:00000002',
  polls: '/v1/operator/keyring',
  until: { kind: 'keys-installed', fingerprints: ['sha256:00000002'] },
};

let clients: ApiClients | undefined;
afterEach(async () => {
  await clients?.close();
  clients = undefined;
});

async function consulClient() {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { clients: 2 } }] });
  clients = new ApiClients({});
  return { sim, client: clients.for({ product: 'consul', address: sim.address, datacenter: 'dc1' }) };
}

describe('a keyring wait that gave up', () => {
  it('names the nodes in Messages and counts only the others as unnamed ("more")', async () => {
    const { sim, client } = await consulClient();
    const coverage: PoolCoverage[] = [
      { pool: 'WAN', have: 3, total: 3, messages: {} },
      { pool: 'dc1 LAN', have: 2, total: 5, messages: { 'dc1-client-1': 'disk full' } },
    ];
    const error = await notConvergedError(step, coverage, client, 90_000);
    expect([error.code, error.message]).toEqual([
      'KeyringNotConverged',
      'dc1/opstack_consul_gossip_keyring.keyring: gave up after 1m30s waiting until every node has ' +
        'sha256:00000002: WAN: 3/3 nodes, dc1 LAN: 2/5 nodes. Nodes reporting problems: dc1-client-1 (dc1 LAN): ' +
        'disk full. 2 more nodes in dc1 LAN have not caught up, and Consul does not say which: ' +
        '`cat <data_dir>/serf/local.keyring` on each agent lists its keys.',
    ]);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/agent/members']);
  });

  it('names ten of the nodes in Messages and counts the rest, so thousands do not bury the message', async () => {
    const { client } = await consulClient();
    const messages = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`n${i}`, 'no key']));
    const coverage: PoolCoverage[] = [{ pool: 'dc1 LAN', have: 2, total: 3002, messages }];
    const { message } = await notConvergedError(step, coverage, client, 1000);
    const ten = Array.from({ length: 10 }, (_, i) => `n${i} (dc1 LAN): no key`).join('; ');
    expect(message).toContain(`Nodes reporting problems: ${ten}; and 2990 more.`);
    expect(message).not.toContain('n10 ');
  });

  it('Nomad: a token without node:read is refused the members, and the error says so with the count', async () => {
    const token = '33333333-3333-3333-3333-333333333333';
    const sim = await startNomadSimulator({
      acl: { enabled: true, tokens: [{ secret: token, type: 'client', capabilities: ['agent:write'] }] },
    });
    clients = new ApiClients({ NOMAD_TOKEN: token });
    const client = clients.for({ product: 'nomad', address: sim.url, region: 'global' });
    const coverage: PoolCoverage[] = [{ pool: NOMAD_POOL, have: 2, total: 3, messages: {} }];
    const error = await notConvergedError(step, coverage, client, 1000);
    expect(error.message).toBe(
      'dc1/opstack_consul_gossip_keyring.keyring: gave up after 1s waiting until every node has sha256:00000002: ' +
        `servers (all regions): 2/3 nodes. Serf members could not be read: Nomad at ${sim.url} (region "global") ` +
        'denied GET /v1/agent/members (403: Permission denied). 1 node in servers (all regions) has not caught up, ' +
        'and Nomad does not say which: `cat <data_dir>/server/serf.keyring` on each server lists its keys.',
    );
    expect(error.message).not.toContain(token);
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v1/agent/members 403']);
  });

  it('says a node that did not answer is still alive in serf, and which command shows when it is failed', async () => {
    const { sim, client } = await consulClient();
    const unanswered = new KeyringUnansweredError('a node stopped answering.', 'Retry.', [
      { pool: 'WAN', answered: 2, total: 3 },
    ]);
    const error = await unansweredError(step, unanswered, client, 1000);
    expect([error.code, error.message, error.hint]).toEqual([
      'KeyringNodeUnreachable',
      'dc1/opstack_consul_gossip_keyring.keyring: gave up after 1s waiting until every node has sha256:00000002: ' +
        'a node stopped answering. 1 node in WAN did not answer while serf still reports it alive (a node that ' +
        'just died is still counted for 25–45 s): `consul members -wan` shows when serf marks it failed.',
      'Retry.',
    ]);
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)).toEqual([
      'GET /v1/agent/members {"dc":"dc1","wan":"1"}',
    ]);
  });
});
