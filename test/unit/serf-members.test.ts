// Reading serf members (a timed-out keyring wait's last read) from what Consul really answers.
import { afterEach, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import { readConsulMembers } from '../../src/read/serf-members.js';
import { startSimulator } from '../support/simulators.js';

const clients = new ApiClients({}, { timeoutMs: 5_000, readRetries: 0, backoffMs: 1 });
afterEach(() => clients.close());

it('no WAN pool: ?wan=1 answers null (a Go nil slice, as a real consul 1.21 did), read as no WAN members', async () => {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1', servers: 2, gossip: { wan: false } }] });
  const client = clients.for({ product: 'consul', address: sim.address, datacenter: 'dc1' });
  const members = await readConsulMembers(client, { lan: true, wan: true });
  expect(members.map((m) => [m.pool, m.status])).toEqual([
    ['dc1 LAN', 'alive'],
    ['dc1 LAN', 'alive'],
  ]);
  const reads = sim.requests.filter((r) => r.path === '/v1/agent/members');
  expect(reads.map((r) => [r.query, r.status])).toEqual([
    [{ dc: 'dc1', segment: '_all' }, 200],
    [{ dc: 'dc1', wan: '1' }, 200], // answered null
  ]);
});
