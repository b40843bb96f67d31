import { describe, expect, it } from 'vitest';
import type { HttpStep } from '../../src/model/plan.js';
import type {
  DesiredRaftPeersAbsent,
  LiveRaftPeers,
  PeerRef,
  RaftServer,
  ServerHealth,
} from '../../src/model/resources.js';
import { judgeRemoval, numbersOf, type RemovalRules, withoutServer } from '../../src/plan/raft-guards.js';
import { planRaftPeersAbsent } from '../../src/plan/raft-peers.js';
import { permutations } from '../support/permutations.js';
import { planned, refusalOf } from '../support/planner-results.js';

const server = (n: number, extra: Partial<RaftServer> = {}): RaftServer => ({
  ID: `id-${n}`,
  Node: `s${n}`,
  Address: `10.0.0.${n}:8300`,
  Leader: n === 1,
  Voter: true,
  ...extra,
});
const HEALTHY: ServerHealth = { healthy: true, serfStatus: 'alive' };
const DEAD: ServerHealth = { healthy: false, serfStatus: 'failed' };
const LAGGING: ServerHealth = { healthy: false, serfStatus: 'alive' };

/** `count` servers, s1 the leader; `health` overrides by server number (default healthy and alive). */
function cluster(
  count: number,
  health: Record<number, ServerHealth | undefined> = {},
  minQuorum = 0,
  extra: RaftServer[] = [],
): LiveRaftPeers {
  const servers = [...Array.from({ length: count }, (_, i) => server(i + 1)), ...extra];
  const entries = servers.flatMap((s) => {
    const n = Number(s.ID.slice(3));
    const h = n in health ? health[n] : HEALTHY;
    return h ? [[s.ID, h] as const] : [];
  });
  return { type: 'opstack_raft_peers_absent', servers, health: Object.fromEntries(entries), minQuorum };
}
const rules = (extra: Partial<RemovalRules> = {}): RemovalRules => ({ allowLive: false, laterRemovals: [], ...extra });

describe('one raft removal: judgeRemoval (the rule and the numbers)', () => {
  it.each([
    [
      'the leader, even with allowLive',
      cluster(3),
      'id-1',
      rules({ allowLive: true }),
      'never the leader: s1 (10.0.0.1:8300) is the raft leader. Transfer leadership to another server first.',
    ],
    [
      'a healthy follower',
      cluster(5),
      'id-3',
      rules(),
      's3 (10.0.0.3:8300) is not gone: autopilot reports it healthy, serf status alive.',
    ],
    [
      'a lagging follower that serf sees alive',
      cluster(5, { 3: LAGGING }),
      'id-3',
      rules(),
      's3 (10.0.0.3:8300) is not gone: autopilot reports it unhealthy, serf status alive.',
    ],
    [
      'a server autopilot does not list',
      cluster(5, { 3: undefined }),
      'id-3',
      rules(),
      'autopilot health does not list s3 (10.0.0.3:8300)',
    ],
    [
      'a live follower of 5 with allowLive: tolerance 2 → 1 is a reduction',
      cluster(5),
      'id-3',
      rules({ allowLive: true }),
      'failure tolerance: this removal would lower it from 2 to 1 (voters 5 → 4, healthy voters 5 → 4, ' +
        'failure tolerance 2 → 1); the stack allows no reduction (set minFailureTolerance to accept one).',
    ],
    [
      'a live follower of 3 with allowLive and minFailureTolerance 1',
      cluster(3),
      'id-3',
      rules({ allowLive: true, minFailureTolerance: 1 }),
      'failure tolerance: this removal would lower it from 1 to 0 (voters 3 → 2, healthy ' +
        "voters 3 → 2, failure tolerance 1 → 0); the stack's minFailureTolerance is 1.",
    ],
    [
      'a live follower while another is dead (3 servers)',
      cluster(3, { 3: DEAD }),
      'id-2',
      rules({ allowLive: true, minFailureTolerance: 0 }),
      'quorum: after this removal 2 voters would remain of which ' +
        '1 are healthy, but a quorum of 2 voters needs 2 healthy.',
    ],
    [
      'below MinQuorum',
      cluster(3, { 3: DEAD }, 3),
      'id-3',
      rules(),
      'MinQuorum: after this removal 2 voters would remain, below the autopilot MinQuorum of 3.',
    ],
    [
      'a dead server while another dead one stays',
      cluster(5, { 4: DEAD, 5: DEAD }),
      'id-5',
      rules(),
      'never while the cluster is unhealthy for another reason: s4 (10.0.0.4:8300) is unhealthy and not being removed.',
    ],
  ])('refuses %s', (_name, state, id, given, reason) => {
    const verdict = judgeRemoval(state, id, given);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it.each([
    [
      'a dead follower of 5 (serf failed)',
      cluster(5, { 5: DEAD }),
      'id-5',
      rules(),
      { voters: 4, healthyVoters: 4, failureTolerance: 1 },
      false,
    ],
    [
      'a SIGKILLed Nomad server (serf left, observed §7)',
      cluster(3, { 3: { healthy: false, serfStatus: 'left' } }),
      'id-3',
      rules(),
      { voters: 2, healthyVoters: 2, failureTolerance: 0 },
      false,
    ],
    [
      'a dead server while the other dead one is removed after it',
      cluster(5, { 4: DEAD, 5: DEAD }),
      'id-5',
      rules({ laterRemovals: ['id-4'] }),
      { voters: 4, healthyVoters: 3, failureTolerance: 0 },
      false,
    ],
    [
      'a live follower of 5 with allowLive and minFailureTolerance 1',
      cluster(5),
      'id-3',
      rules({ allowLive: true, minFailureTolerance: 1 }),
      { voters: 4, healthyVoters: 4, failureTolerance: 1 },
      true,
    ],
    [
      'a live follower of 4 (one dead, removed later) with allowLive: tolerance stays 0',
      cluster(4, { 4: DEAD }),
      'id-3',
      rules({ allowLive: true, laterRemovals: ['id-4'] }),
      { voters: 3, healthyVoters: 2, failureTolerance: 0 },
      true,
    ],
    [
      'a non-voter that is gone, below MinQuorum already',
      cluster(2, { 3: DEAD }, 3, [server(3, { Voter: false, Leader: false })]),
      'id-3',
      rules(),
      { voters: 2, healthyVoters: 2, failureTolerance: 0 },
      false,
    ],
  ])('allows %s', (_name, state, id, given, after, live) => {
    expect(judgeRemoval(state, id, given)).toMatchObject({ ok: true, after, live });
  });

  it(
    'counts only the voters of the raft configuration: a removed ' +
      'peer autopilot still lists does not count (observed §5)',
    () => {
      const state = cluster(4);
      const afterDelete = {
        ...withoutServer(state, 'id-4'),
        health: { ...state.health, 'id-4': { healthy: false, serfStatus: 'alive' } },
      };
      expect(numbersOf(afterDelete)).toEqual({ voters: 3, healthyVoters: 3, failureTolerance: 1 });
    },
  );
});

const desired = (
  peers: PeerRef[],
  product: 'consul' | 'nomad' = 'nomad',
  minFailureTolerance?: number,
): DesiredRaftPeersAbsent => ({
  stack: 'eu',
  type: 'opstack_raft_peers_absent',
  name: 'dead',
  constructPath: 'eu/dead',
  datacenter: 'eu',
  product,
  peers,
  ...(minFailureTolerance === undefined ? {} : { minFailureTolerance }),
});
const idsOf = (steps: readonly { query: Readonly<Record<string, string>> }[]) => steps.map((s) => s.query.id);

describe('planning raft peers that must be absent', () => {
  it('resolves an address to the ID Nomad needs, removes by ?id=, and shows the numbers', () => {
    const plan = planned(planRaftPeersAbsent(desired([{ address: '10.0.0.3:8300' }]), cluster(3, { 3: DEAD })));
    expect(plan.steps).toEqual([
      {
        kind: 'http',
        address: 'eu/opstack_raft_peers_absent[id-3]',
        description: 'remove raft peer s3 (10.0.0.3:8300)',
        method: 'DELETE',
        path: '/v1/operator/raft/peer',
        query: { id: 'id-3' },
        body: undefined,
        precondition: { kind: 'peer-removable', id: 'id-3', allowLive: false, laterRemovals: [] },
        expect: 'status-200',
      },
    ]);
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['eu/opstack_raft_peers_absent.dead', 'no-op'],
      ['eu/opstack_raft_peers_absent[id-3]', 'delete'],
    ]);
    expect(plan.changes[1]?.before).toEqual({
      id: 'id-3',
      node: 's3',
      address: '10.0.0.3:8300',
      voter: true,
      healthy: false,
      serf_status: 'failed',
    });
    expect(plan.changes[1]?.notes.map((n) => n.message)).toEqual([
      'declared absent by eu/dead; gone: autopilot reports it unhealthy, serf status failed',
      'voters 3 → 2, healthy voters 2 → 2, failure tolerance 0 → 0: losing one more server loses the quorum',
    ]);
  });

  it('Consul removals name the datacenter too', () => {
    expect(
      planned(planRaftPeersAbsent(desired([{ id: 'id-3' }], 'consul'), cluster(3, { 3: DEAD }))).steps[0],
    ).toMatchObject({ query: { dc: 'eu', id: 'id-3' } });
  });

  it('a peer already gone needs nothing, and says so', () => {
    const plan = planned(planRaftPeersAbsent(desired([{ id: 'id-9' }, { address: '10.0.0.9:8300' }]), cluster(3)));
    expect(plan.steps).toEqual([]);
    expect(plan.changes[0]?.notes.map((n) => `${n.code}: ${n.message}`)).toEqual([
      'peer-already-absent: id id-9: not a raft peer: nothing to do',
      'peer-already-absent: address 10.0.0.9:8300: not a raft peer: nothing to do',
    ]);
  });

  it('an address two servers share is refused', () => {
    const twin = server(4, { ID: 'id-4', Address: '10.0.0.3:8300', Leader: false });
    expect(
      refusalOf(planRaftPeersAbsent(desired([{ address: '10.0.0.3:8300' }]), cluster(3, {}, 0, [twin]))),
    ).toMatchObject({
      code: 'GuardRefused',
      message: expect.stringContaining('so it names no single peer'),
    });
  });

  it('a healthy follower is refused by default, with the rule and what to do', () => {
    const message = refusalOf(planRaftPeersAbsent(desired([{ id: 'id-2' }]), cluster(3))).message;
    expect(message).toContain(
      'refusing to remove s2 (10.0.0.2:8300): s2 (10.0.0.2:8300) is ' +
        'not gone: autopilot reports it healthy, serf status alive. ',
    );
    expect(message).toMatch(/alive\. .*set allowLive: true/);
  });

  it('the declaration records allowLive and minFailureTolerance, in Terraform names, for a saved plan', () => {
    const plan = planned(
      planRaftPeersAbsent(
        desired([{ id: 'id-3', allowLive: true }, { address: '10.0.0.4:8300' }], 'consul', 1),
        cluster(5, { 4: DEAD }),
      ),
    );
    expect(plan.changes[0]?.after).toEqual({
      peers: [{ id: 'id-3', allow_live: true }, { address: '10.0.0.4:8300' }],
      min_failure_tolerance: 1,
    });
    expect(plan.steps.map((s) => s.kind === 'http' && s.precondition)).toEqual([
      { kind: 'peer-removable', id: 'id-4', allowLive: false, minFailureTolerance: 1, laterRemovals: ['id-3'] },
      { kind: 'peer-removable', id: 'id-3', allowLive: true, minFailureTolerance: 1, laterRemovals: [] },
    ]);
    expect(plan.changes[2]?.notes[0]?.message).toBe(
      'declared absent by eu/dead; still runs (autopilot reports it ' +
        'healthy, serf status alive); removed because its entry sets allowLive',
    );
  });
});

/**
 * Apply judges each step on a fresh read after the DELETEs before it. On real Consul a removed
 * peer is still in autopilot health, unhealthy, until pruned (observed-real-servers.md §5).
 */
function applyVerdicts(start: LiveRaftPeers, steps: readonly HttpStep[]): string[] {
  let state = start;
  return steps.map((step) => {
    if (step.precondition?.kind !== 'peer-removable') throw new Error('not a removal');
    const verdict = judgeRemoval(state, step.precondition.id, step.precondition);
    state = {
      ...withoutServer(state, step.precondition.id),
      health: { ...state.health, [step.precondition.id]: { healthy: false, serfStatus: 'alive' } },
    };
    return verdict.ok ? 'ok' : verdict.reason;
  });
}

describe('several removals are one sequence: the same plan for every order, and apply agrees with it', () => {
  const start = cluster(5, { 5: DEAD });
  const peers = (allowLive: boolean): PeerRef[] => [
    { id: 'id-3', ...(allowLive ? { allowLive } : {}) },
    { id: 'id-4', ...(allowLive ? { allowLive } : {}) },
    { id: 'id-5' },
  ];

  it.each(permutations(peers(false)).map((order) => [order.map((p) => ('id' in p ? p.id : '')).join(', '), order]))(
    '[%s] without allowLive: refused at the first live server, the same message for every order',
    (_label, order) => {
      expect(refusalOf(planRaftPeersAbsent(desired(order), start)).message).toMatch(
        'refusing to remove s3 (10.0.0.3:8300) (removal 2 of 3, ' +
          'after s5 (10.0.0.5:8300)): s3 (10.0.0.3:8300) is not gone',
      );
    },
  );

  it.each(permutations(peers(true)).map((order) => [order.map((p) => ('id' in p ? p.id : '')).join(', '), order]))(
    '[%s] with allowLive and minFailureTolerance 0: the dead one first, then raft order; every apply-time check passes',
    (_label, order) => {
      const plan = planned(planRaftPeersAbsent(desired(order, 'consul', 0), start));
      expect(idsOf(plan.steps as HttpStep[])).toEqual(['id-5', 'id-3', 'id-4']);
      expect(plan.changes.slice(1).map((c) => c.notes[1] && `${c.notes[1].severity} ${c.notes[1].message}`)).toEqual([
        'info voters 5 → 4, healthy voters 4 → 4, failure tolerance 1 → 1',
        'info voters 4 → 3, healthy voters 4 → 3, failure tolerance 1 → 1',
        'warning voters 3 → 2, healthy voters 3 → 2, failure tolerance 1 → 0: losing one more server loses the quorum',
      ]);
      expect(applyVerdicts(start, plan.steps as HttpStep[])).toEqual(['ok', 'ok', 'ok']);
    },
  );

  it.each(permutations([{ id: 'id-4' }, { id: 'id-5' }]).map((order) => [order.map((p) => p.id).join(', '), order]))(
    '[%s] two dead servers of 5: both removed, either order, apply agrees',
    (_label, order) => {
      const twoDead = cluster(5, { 4: DEAD, 5: DEAD });
      const plan = planned(planRaftPeersAbsent(desired(order), twoDead));
      expect(idsOf(plan.steps as HttpStep[])).toEqual(['id-4', 'id-5']);
      expect(applyVerdicts(twoDead, plan.steps as HttpStep[])).toEqual(['ok', 'ok']);
    },
  );

  it('without a tolerance floor, the third live-server removal is refused: 1 → 0', () => {
    expect(refusalOf(planRaftPeersAbsent(desired(peers(true)), start)).message).toMatch(
      '(removal 3 of 3, after s5 (10.0.0.5:8300), s3 (10.0.0.3:8300)): ' +
        'failure tolerance: this removal would lower it from 1 to 0',
    );
  });
});
