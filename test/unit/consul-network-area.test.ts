import { describe, expect, it } from 'vitest';
import { joinAddressProblem } from '../../src/desired/join-address.js';
import { loadDesired } from '../../src/desired/load-desired.js';
import type { ConsulArea, DesiredConsulNetworkArea } from '../../src/model/resources.js';
import { planConsulAreaOwnership, planConsulNetworkArea } from '../../src/plan/consul-network-area.js';

const noKeys = () => ({ ok: false, problem: 'no keys here' }) as const;
const area = (peer: string, extra: Partial<ConsulArea> = {}): ConsulArea => ({
  ID: `id-${peer}`,
  PeerDatacenter: peer,
  RetryJoin: ['10.0.0.1'],
  UseTLS: false,
  ...extra,
});
const desired = (extra: Partial<DesiredConsulNetworkArea> = {}): DesiredConsulNetworkArea => ({
  stack: 'dc1',
  type: 'consul_network_area',
  name: 'to_dc2',
  constructPath: 'dc1/to_dc2',
  datacenter: 'dc1',
  peerDatacenter: 'dc2',
  ...extra,
});

function stackWithAreas(areas: Record<string, Record<string, unknown>>, ownership = false) {
  const resource: Record<string, unknown> = {
    consul_network_area: Object.fromEntries(
      Object.entries(areas).map(([id, a]) => [id, { '//': { metadata: { path: `dc1/${id}` } }, ...a }]),
    ),
  };
  if (ownership)
    resource.opstack_consul_network_area_ownership = { areas: { '//': { metadata: { path: 'dc1/areas' } } } };
  return [{ name: 'dc1', document: { provider: { consul: [{ address: 'x:8500', datacenter: 'dc1' }] }, resource } }];
}

describe('network area validation', () => {
  it.each([
    ['10.0.0.1', undefined],
    ['10.0.0.1:8302', undefined],
    ['consul-1.example.com', undefined],
    ['consul-1.example.com:8302', undefined],
    ['::1', undefined],
    ['[2001:db8::1]:8302', undefined],
    ['10.0.0.1:0', 'port "0" is outside 1–65535.'],
    ['host:70000', 'port "70000" is outside 1–65535.'],
    ['host:port', 'port "port" is outside 1–65535.'],
    ['bad_host!', '"bad_host!" is not IP, IP:port, hostname or hostname:port.'],
    ['-leading.example', '"-leading.example" is not IP, IP:port, hostname or hostname:port.'],
    ['999.1.1.1', '"999.1.1.1" is not IP, IP:port, hostname or hostname:port.'],
    ['[not-ipv6]:80', '"[not-ipv6]:80" has brackets around something that is not an IPv6 address.'],
  ])('retry_join %j → %s', (entry, problem) => {
    expect(joinAddressProblem(entry)).toBe(problem);
  });

  it('refuses a peer equal to the own datacenter, two areas for one peer, bad addresses — before any request', () => {
    const result = loadDesired(
      stackWithAreas({
        self: { peer_datacenter: 'dc1' },
        a: { peer_datacenter: 'dc2' },
        b: { peer_datacenter: 'dc2', retry_join: ['10.0.0.1:99999'] },
      }),
      noKeys,
    );
    expect(result.stacks).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.constructPath}: ${d.summary}`)).toEqual([
      'dc1/self: peer_datacenter: an area joins two datacenters, but the peer is the stack\'s own datacenter "dc1".',
      'dc1/b: retry_join: port "99999" is outside 1–65535.',
    ]);
  });

  it('two valid areas for one peer are one too many', () => {
    const result = loadDesired(
      stackWithAreas({ a: { peer_datacenter: 'dc2' }, b: { peer_datacenter: 'dc2' } }),
      noKeys,
    );
    expect(result.diagnostics.map((d) => d.summary)).toEqual([
      'Two network areas for datacenter "dc1" with peer "dc2": dc1/a and dc1/b.',
    ]);
  });

  it('an ownership declaration learns the peers its stack declares', () => {
    const result = loadDesired(
      stackWithAreas({ a: { peer_datacenter: 'dc3' }, b: { peer_datacenter: 'dc2' } }, true),
      noKeys,
    );
    expect(result.stacks[0]?.resources.find((r) => r.type === 'opstack_consul_network_area_ownership')).toMatchObject({
      declaredPeers: ['dc2', 'dc3'],
    });
  });
});

describe('planning network areas (consul-operator-api.md §4.8)', () => {
  it('creates a missing area with POST, carrying PeerDatacenter', () => {
    const plan = planConsulNetworkArea(desired({ retryJoin: ['10.0.0.9'], useTls: true }), {
      type: 'consul_network_area',
      area: null,
    });
    expect(plan.changes[0]?.action).toBe('create');
    expect(plan.steps).toEqual([
      {
        kind: 'http',
        address: 'dc1/consul_network_area.to_dc2',
        description: 'create the network area of dc1 with peer dc2',
        method: 'POST',
        path: '/v1/operator/area',
        query: { dc: 'dc1' },
        body: { PeerDatacenter: 'dc2', RetryJoin: ['10.0.0.9'], UseTLS: true },
        expect: 'status-200',
      },
    ]);
  });

  it(
    'updates RetryJoin in place with PUT /area/<id>, the body ' +
      'always carrying PeerDatacenter and undeclared fields as live',
    () => {
      const plan = planConsulNetworkArea(desired({ retryJoin: ['10.0.0.2'] }), {
        type: 'consul_network_area',
        area: area('dc2', { UseTLS: true }),
      });
      expect(plan.changes[0]?.changes).toEqual([
        { attribute: 'retry_join', before: ['10.0.0.1'], after: ['10.0.0.2'] },
      ]);
      expect(plan.steps[0]).toMatchObject({
        method: 'PUT',
        path: '/v1/operator/area/id-dc2',
        body: { PeerDatacenter: 'dc2', RetryJoin: ['10.0.0.2'], UseTLS: true },
      });
    },
  );

  it('leaves undeclared attributes alone: no change when only the peer is declared', () => {
    const plan = planConsulNetworkArea(desired(), { type: 'consul_network_area', area: area('dc2', { UseTLS: true }) });
    expect(plan.changes[0]?.action).toBe('no-op');
    expect(plan.steps).toEqual([]);
  });

  it('with ownership, undeclared live areas are deleted and marked "not declared in the stack"', () => {
    const plan = planConsulAreaOwnership(
      {
        stack: 'dc1',
        type: 'opstack_consul_network_area_ownership',
        name: 'areas',
        constructPath: 'dc1/areas',
        datacenter: 'dc1',
        declaredPeers: ['dc2'],
      },
      { type: 'opstack_consul_network_area_ownership', areas: [area('dc2'), area('dc4'), area('dc3')], members: {} },
    );
    expect(plan.changes.map((c) => [c.address, c.action, c.notes.map((n) => n.message)])).toEqual([
      ['dc1/opstack_consul_network_area_ownership.areas', 'no-op', []],
      ['dc1/consul_network_area[peer=dc3]', 'delete', ['not declared in the stack; area ID id-dc3']],
      ['dc1/consul_network_area[peer=dc4]', 'delete', ['not declared in the stack; area ID id-dc4']],
    ]);
    expect(plan.steps.map((s) => s.kind === 'http' && `${s.method} ${s.path}`)).toEqual([
      'DELETE /v1/operator/area/id-dc3',
      'DELETE /v1/operator/area/id-dc4',
    ]);
  });
});
