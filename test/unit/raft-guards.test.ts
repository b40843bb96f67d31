import { describe, expect, it } from 'vitest';
import { OpstackError } from '../../src/model/errors.js';
import type { LiveRaftPeers, RaftServer } from '../../src/model/resources.js';
import { removalRefusal } from '../../src/plan/raft-guards.js';
import { planRaftPeersAbsent } from '../../src/plan/raft-peers.js';

const server = (n: number, extra: Partial<RaftServer> = {}): RaftServer => ({ ID: `id-${n}`, Node: `s${n}`, Address: `10.0.0.${n}:8300`, Leader: n === 1, Voter: true, ...extra });
const live = (count: number, unhealthy: number[] = [], minQuorum = 0, extra: RaftServer[] = []): LiveRaftPeers => {
  const servers = [...Array.from({ length: count }, (_, i) => server(i + 1)), ...extra];
  return { type: 'opstack_raft_peers_absent', servers, healthy: Object.fromEntries(servers.map((s) => [s.ID, !unhealthy.includes(Number(s.ID.slice(3)))])), minQuorum };
};

describe('raft peer removal guards', () => {
  it.each([
    ['a dead follower of 5', live(5, [5]), ['id-5'], undefined],
    ['two dead followers of 5 together', live(5, [4, 5]), ['id-4', 'id-5'], undefined],
    ['the leader', live(3), ['id-1'], 'never the leader: s1 (10.0.0.1:8300) is the raft leader. Transfer leadership to another server first.'],
    ['a healthy server while another is dead (3 servers)', live(3, [3]), ['id-2'], 'quorum: after removing 1, 2 voters would remain of which 1 are healthy, but a quorum of 2 voters needs 2 healthy.'],
    ['below MinQuorum', live(3, [3], 3), ['id-3'], 'MinQuorum: after removing 1, 2 voters would remain, below the autopilot MinQuorum of 3.'],
    ['one dead server while another dead one stays', live(5, [4, 5]), ['id-5'], 'never while the cluster is unhealthy for another reason: s4 (10.0.0.4:8300) is unhealthy and not being removed.'],
  ])('%s', (_name, state, ids, refusal) => {
    expect(removalRefusal(state, ids)).toBe(refusal);
  });
});

describe('planning raft peers that must be absent', () => {
  const desired = (peers: ({ id: string } | { address: string })[], product: 'consul' | 'nomad' = 'nomad') => ({
    stack: 'eu', type: 'opstack_raft_peers_absent' as const, name: 'dead', constructPath: 'eu/dead', datacenter: 'eu', product, peers,
  });

  it('resolves an address to the ID Nomad needs, and removes by ?id=', () => {
    const plan = planRaftPeersAbsent(desired([{ address: '10.0.0.3:8300' }]), live(3, [3]));
    expect(plan.steps).toEqual([
      { kind: 'http', address: 'eu/opstack_raft_peers_absent[id-3]', description: 'remove raft peer s3 (10.0.0.3:8300)', method: 'DELETE', path: '/v1/operator/raft/peer', query: { id: 'id-3' }, body: undefined, precondition: { kind: 'peer-removable', id: 'id-3' }, expect: 'status-200' },
    ]);
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([['eu/opstack_raft_peers_absent.dead', 'no-op'], ['eu/opstack_raft_peers_absent[id-3]', 'delete']]);
  });

  it('Consul removals name the datacenter too', () => {
    expect(planRaftPeersAbsent(desired([{ id: 'id-3' }], 'consul'), live(3, [3])).steps[0]).toMatchObject({ query: { dc: 'eu', id: 'id-3' } });
  });

  it('a peer already gone needs nothing, and says so', () => {
    const plan = planRaftPeersAbsent(desired([{ id: 'id-9' }, { address: '10.0.0.9:8300' }]), live(3));
    expect(plan.steps).toEqual([]);
    expect(plan.changes[0]?.notes).toEqual(['id id-9: not in the raft configuration, nothing to remove', 'address 10.0.0.9:8300: not in the raft configuration, nothing to remove']);
  });

  it('an address two servers share is refused', () => {
    const twin = server(4, { ID: 'id-4', Address: '10.0.0.3:8300', Leader: false });
    expect(() => planRaftPeersAbsent(desired([{ address: '10.0.0.3:8300' }]), live(3, [], 0, [twin]))).toThrow(OpstackError);
  });

  it('a guard refusal names the rule and the numbers', () => {
    expect(() => planRaftPeersAbsent(desired([{ id: 'id-2' }]), live(3, [3]))).toThrow(/refusing to remove s2 \(10\.0\.0\.2:8300\): quorum: after removing 1, 2 voters would remain of which 1 are healthy/);
  });
});
