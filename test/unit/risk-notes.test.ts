// Risk notes, code by code (docs/risk-notes.md): each computed by the planner from the live state.
import { describe, expect, it } from 'vitest';
import type { KeyringPool } from '../../src/model/keyring.js';
import type { Note } from '../../src/model/notes.js';
import type { ResourceChange } from '../../src/model/plan.js';
import type {
  DesiredRaftPeersAbsent,
  LiveConsulKeyring,
  LiveRaftPeers,
  RaftServer,
  AutopilotServer,
} from '../../src/model/resources.js';
import { planAutopilot } from '../../src/plan/autopilot.js';
import { planGossipKeyring } from '../../src/plan/gossip-keyring.js';
import { planConsulAreaOwnership } from '../../src/plan/consul-network-area.js';
import { planStacks } from '../../src/plan/plan.js';
import { planRaftPeersAbsent } from '../../src/plan/raft-peers.js';
import { desiredAutopilot, desiredKeyring, liveAutopilot } from '../support/builders.js';

const codes = (change: ResourceChange | undefined) => (change?.notes ?? []).filter((n) => n.severity !== 'info');
const health = (n: number, extra: Partial<AutopilotServer> = {}): AutopilotServer => ({
  ID: `id-${n}`,
  Name: `s${n}`,
  SerfStatus: 'alive',
  Healthy: true,
  Voter: true,
  Leader: n === 1,
  LastIndex: 1000,
  ...extra,
});
const cluster = (count: number, patch: Record<number, Partial<AutopilotServer>> = {}) =>
  Array.from({ length: count }, (_, i) => health(i + 1, patch[i + 1]));
const autopilotNotesOf = (
  declared: Parameters<typeof desiredAutopilot>[0],
  servers: AutopilotServer[] | null,
  live = {},
) => codes(planAutopilot(desiredAutopilot(declared), { ...liveAutopilot(live), servers }).changes[0]);

describe('autopilot risk notes', () => {
  it('min-quorum-above-voters: MinQuorum above the current voters is a warning; equal to them is not', () => {
    expect(autopilotNotesOf({ MinQuorum: 5 }, cluster(3))).toEqual([
      {
        code: 'min-quorum-above-voters',
        severity: 'warning',
        message: 'MinQuorum 5 is greater than the 3 voters: autopilot will never remove a dead server',
      },
    ]);
    expect(autopilotNotesOf({ MinQuorum: 3 }, cluster(3))).toEqual([]);
    expect(autopilotNotesOf({ MinQuorum: 5 }, cluster(3, { 3: { Voter: false } }))[0]?.message).toContain(
      'the 2 voters',
    );
  });

  it('cleanup-off-with-failed-server: turning CleanupDeadServers off while servers are failed names them', () => {
    const servers = cluster(5, {
      4: { SerfStatus: 'failed', Healthy: false },
      5: { SerfStatus: 'left', Healthy: false },
    });
    expect(autopilotNotesOf({ CleanupDeadServers: false }, servers)).toEqual([
      {
        code: 'cleanup-off-with-failed-server',
        severity: 'warning',
        message: 'CleanupDeadServers is turned off while s4 and s5 are failed: autopilot will not remove them',
      },
    ]);
    expect(autopilotNotesOf({ CleanupDeadServers: false }, cluster(3))).toEqual([]);
    expect(autopilotNotesOf({ CleanupDeadServers: true }, servers, { CleanupDeadServers: false })).toEqual([]);
  });

  it.each([
    ['last-contact-threshold-low', { LastContactThreshold: '50ms' }, 'LastContactThreshold 50ms is below 100ms'],
    ['stabilization-time-short', { ServerStabilizationTime: '2s' }, 'ServerStabilizationTime 2s is below 5s'],
  ])('%s: a flapping threshold is a warning, and needs no health read', (code, declared, message) => {
    const notes = autopilotNotesOf(declared, null);
    expect(notes.map((n) => [n.code, n.severity])).toEqual([[code, 'warning']]);
    expect(notes[0]?.message).toContain(message);
  });

  it('flapping thresholds at or above the floors (100ms, 5s), in any spelling, carry no note', () => {
    expect(autopilotNotesOf({ LastContactThreshold: '0.1s', ServerStabilizationTime: '5000ms' }, null)).toEqual([]);
  });

  it('max-trailing-logs-below-lag: lowering MaxTrailingLogs below a follower’s lag names it and its gap', () => {
    const servers = cluster(3, { 1: { LastIndex: 1000 }, 2: { LastIndex: 990 }, 3: { LastIndex: 700 } });
    expect(autopilotNotesOf({ MaxTrailingLogs: 100 }, servers)).toEqual([
      {
        code: 'max-trailing-logs-below-lag',
        severity: 'warning',
        message:
          'MaxTrailingLogs is lowered to 100, below the lag of s3 ' +
          '(300 entries behind): autopilot will report it unhealthy',
      },
    ]);
    expect(autopilotNotesOf({ MaxTrailingLogs: 500 }, servers)).toEqual([]); // raised
    expect(autopilotNotesOf({ MaxTrailingLogs: 400 }, servers)).toEqual([]); // lowered, above the lag
  });

  it('an unchanged setting carries no note, however risky: the plan judges only what it changes', () => {
    expect(
      autopilotNotesOf({ MinQuorum: 5, LastContactThreshold: '10ms' }, cluster(3), {
        MinQuorum: 5,
        LastContactThreshold: '10ms',
      }),
    ).toEqual([]);
  });
});

const server = (n: number, extra: Partial<RaftServer> = {}): RaftServer => ({
  ID: `id-${n}`,
  Node: `s${n}`,
  Address: `10.0.0.${n}:8300`,
  Leader: n === 1,
  Voter: true,
  ...extra,
});
const raft = (count: number, dead: number[], minQuorum = 0): LiveRaftPeers => {
  const servers = Array.from({ length: count }, (_, i) => server(i + 1));
  const gone = { healthy: false, serfStatus: 'failed' };
  const health = Object.fromEntries(
    servers.map((s, i) => [s.ID, dead.includes(i + 1) ? gone : { healthy: true, serfStatus: 'alive' }]),
  );
  return { type: 'opstack_raft_peers_absent', servers, health, minQuorum };
};
const peers = (ids: string[], stack = 'eu'): DesiredRaftPeersAbsent => ({
  stack,
  type: 'opstack_raft_peers_absent',
  name: 'dead',
  constructPath: `${stack}/dead`,
  datacenter: stack,
  product: 'nomad',
  peers: ids.map((id) => ({ id })),
});
const tolerance = (result: ReturnType<typeof planRaftPeersAbsent>) => {
  if ('refusal' in result) throw new Error(result.refusal.message);
  return result.changes
    .filter((c) => c.action === 'delete')
    .map((c) => c.notes.find((n) => n.code === 'raft-failure-tolerance'));
};

describe('raft removal notes', () => {
  it(
    'raft-failure-tolerance: the guard’s numbers before and ' +
      'after a removal; info while the cluster can lose a server',
    () => {
      expect(tolerance(planRaftPeersAbsent(peers(['id-5']), raft(5, [5])))).toEqual([
        {
          code: 'raft-failure-tolerance',
          severity: 'info',
          message: 'voters 5 → 4, healthy voters 4 → 4, failure tolerance 1 → 1',
        },
      ]);
    },
  );

  it('raft-failure-tolerance: a warning when the tolerance after is 0', () => {
    expect(tolerance(planRaftPeersAbsent(peers(['id-3']), raft(3, [3])))).toEqual([
      {
        code: 'raft-failure-tolerance',
        severity: 'warning',
        message: 'voters 3 → 2, healthy voters 2 → 2, failure tolerance 0 → 0: losing one more server loses the quorum',
      },
    ]);
  });

  it('raft-failure-tolerance: one note per removal, in the order they run', () => {
    const notes = tolerance(planRaftPeersAbsent(peers(['id-4', 'id-5']), raft(5, [4, 5])));
    expect(notes.map((n) => [n?.severity, n?.message])).toEqual([
      [
        'warning',
        'voters 5 → 4, healthy voters 3 → 3, failure tolerance 0 → 0: losing one more server loses the quorum',
      ],
      ['info', 'voters 4 → 3, healthy voters 3 → 3, failure tolerance 0 → 1'],
    ]);
  });

  it('min-quorum-above-remaining: a MinQuorum the stack sets above what its removals leave is a danger', () => {
    const stack = (minQuorum: number) => ({
      stack: {
        name: 'eu',
        target: { product: 'nomad' as const, region: 'eu' },
        resources: [
          { ...desiredAutopilot({ MinQuorum: minQuorum }, 'eu'), type: 'opstack_nomad_autopilot_config' as const },
          peers(['id-5']),
        ],
      },
      live: new Map<string, never>([
        [
          'eu/opstack_nomad_autopilot_config.autopilot',
          { ...liveAutopilot(), type: 'opstack_nomad_autopilot_config', servers: cluster(5) } as never,
        ],
        ['eu/opstack_raft_peers_absent.dead', raft(5, [5]) as never],
      ]),
    });
    const autopilotChange = (minQuorum: number) => planStacks([stack(minQuorum)]).plan.stacks[0]?.changes[0];
    expect(codes(autopilotChange(5))).toEqual([
      {
        code: 'min-quorum-above-remaining',
        severity: 'danger',
        message:
          'MinQuorum 5 is above the 4 voters left after removing s5: this write runs first, ' +
          'so the removal guard will then refuse the removal just before its DELETE',
      },
    ]);
    expect(codes(autopilotChange(4))).toEqual([]);
    expect(planStacks([stack(5)]).plan.summary.notes).toEqual({ info: 2, warning: 0, danger: 1 });
  });
});

const OLD = 'sha256:0ld0ld00';
const NEW = 'sha256:4e4e4e4e';
const keyring = desiredKeyring;
const pool = (numNodes: number, keys: Record<string, number>, messages: Record<string, string> = {}): KeyringPool => ({
  name: 'dc1 LAN',
  numNodes,
  keys,
  primaryKeys: { [OLD]: numNodes },
  messages,
});
const liveKeyring = (pools: KeyringPool[], failedServers: string[] | null): LiveConsulKeyring => ({
  type: 'opstack_consul_gossip_keyring',
  pools,
  failedServers,
});
const keyringNotes = (declared: ReturnType<typeof desiredKeyring>, live: LiveConsulKeyring): Note[] =>
  codes(planGossipKeyring(declared, live).changes[0]);

describe('gossip keyring notes', () => {
  it(
    'rotation-with-unhealthy-nodes: failed servers, nodes ' +
      'reporting problems and nodes lacking a key in use are named',
    () => {
      const live = liveKeyring([pool(4, { [OLD]: 3 }, { 'dc1-client-2': 'simulated failure' })], ['dc1-server-3']);
      expect(keyringNotes(keyring(NEW, OLD), live)).toEqual([
        {
          code: 'rotation-with-unhealthy-nodes',
          severity: 'warning',
          message:
            'rotating while dc1-server-3 is failed (keyring writes do not reach it); ' +
            'dc1-client-2 (dc1 LAN) reported a problem; 1 of 4 nodes in dc1 LAN lack ' +
            OLD,
        },
      ]);
    },
  );

  it('key-removal-strands-failed-node: removing every key a failed server still holds is a danger', () => {
    const notes = keyringNotes(keyring(NEW), liveKeyring([pool(4, { [OLD]: 4 })], ['dc1-server-3']));
    expect(notes.map((n) => [n.code, n.severity])).toEqual([
      ['rotation-with-unhealthy-nodes', 'warning'],
      ['key-removal-strands-failed-node', 'danger'],
    ]);
    expect(notes[1]?.message).toContain(`removing ${OLD} removes every key dc1-server-3 still uses`);
  });

  it('keeping a current key declared (second) keeps a failed server able to rejoin: no danger', () => {
    const notes = keyringNotes(keyring(NEW, OLD), liveKeyring([pool(4, { [OLD]: 4 })], ['dc1-server-3']));
    expect(notes.map((n) => n.code)).toEqual(['rotation-with-unhealthy-nodes']);
  });

  it('failed-servers-unknown: without autopilot health the plan says what it could not check', () => {
    const change = planGossipKeyring(keyring(NEW), liveKeyring([pool(4, { [OLD]: 4 })], null)).changes[0];
    expect(change?.notes.map((n) => [n.code, n.severity])).toEqual([
      ['keyring-coverage', 'info'],
      ['failed-servers-unknown', 'info'],
    ]);
  });

  it('a keyring that already matches carries only its coverage, whatever the health', () => {
    const live = liveKeyring([{ ...pool(4, { [NEW]: 4 }), primaryKeys: { [NEW]: 4 } }], ['dc1-server-3']);
    expect(keyringNotes(keyring(NEW), live)).toEqual([]);
  });
});

describe('network area notes', () => {
  const area = (peer: string) => ({ ID: `id-${peer}`, PeerDatacenter: peer, RetryJoin: [], UseTLS: false });
  const ownership = {
    stack: 'dc1',
    type: 'opstack_consul_network_area_ownership' as const,
    name: 'areas',
    constructPath: 'dc1/areas',
    datacenter: 'dc1',
    declaredPeers: [],
  };
  const member = (Name: string, Datacenter: string, Status = 'alive') => ({ Name, Datacenter, Status });

  it('area-deletion-cuts-members: deleting an area with alive peer servers is a danger naming them', () => {
    const members = {
      'id-dc2': [member('dc1-server-1', 'dc1'), member('dc2-server-2', 'dc2'), member('dc2-server-1', 'dc2')],
    };
    const plan = planConsulAreaOwnership(ownership, { type: ownership.type, areas: [area('dc2')], members });
    expect(codes(plan.changes[1])).toEqual([
      {
        code: 'area-deletion-cuts-members',
        severity: 'danger',
        message:
          'deleting this area takes dc2-server-1 and dc2-server-2 of dc2, which are alive, out of reach of dc1 ' +
          '(unless the datacenters are also joined over WAN)',
      },
    ]);
  });

  it('an area whose peer servers are all failed, or that has no members, cuts nothing off', () => {
    const members = { 'id-dc2': [member('dc2-server-1', 'dc2', 'failed')], 'id-dc3': [] };
    const plan = planConsulAreaOwnership(ownership, {
      type: ownership.type,
      areas: [area('dc2'), area('dc3')],
      members,
    });
    expect(plan.changes.slice(1).map(codes)).toEqual([[], []]);
  });
});
