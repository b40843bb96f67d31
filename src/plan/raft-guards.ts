import type { LiveRaftPeers, RaftServer, ServerHealth } from '../model/resources.js';

/** The numbers a removal is judged by, as raft-autopilot counts them (consul-operator-api.md §4.6). */
export interface RaftNumbers {
  readonly voters: number;
  readonly healthyVoters: number;
  /** `max(0, healthyVoters − (voters/2 + 1))` (RA state.go, nomad-operator-api.md §3.5). */
  readonly failureTolerance: number;
}

/** What the declaration allows for one removal. */
export interface RemovalRules {
  /** The peer entry opted in to removing this server although it still runs. */
  readonly allowLive: boolean;
  /** The lowest failure tolerance the stack accepts after a removal; unset: no reduction at all. */
  readonly minFailureTolerance?: number;
  /** Raft IDs this declaration removes after this one: that they are unhealthy is expected. */
  readonly laterRemovals: readonly string[];
}

export type RemovalVerdict =
  /** `live`: the server still runs (removed only because the stack opted in). */
  | {
      readonly ok: true;
      readonly before: RaftNumbers;
      readonly after: RaftNumbers;
      readonly health: ServerHealth;
      readonly live: boolean;
    }
  | { readonly ok: false; readonly reason: string };

const quorum = (voters: number) => Math.floor(voters / 2) + 1;
export const describeServer = (s: RaftServer) => `${s.Node} (${s.Address})`;

/** Voters of the raft configuration; health entries of servers no longer in it are ignored (observed §5). */
export function numbersOf(live: LiveRaftPeers): RaftNumbers {
  const voters = live.servers.filter((s) => s.Voter);
  const healthyVoters = voters.filter((s) => live.health[s.ID]?.healthy === true).length;
  return { voters: voters.length, healthyVoters, failureTolerance: Math.max(0, healthyVoters - quorum(voters.length)) };
}

/** The state a removal leaves: the same servers without this one (as a re-read after the DELETE shows). */
export function withoutServer(live: LiveRaftPeers, id: string): LiveRaftPeers {
  return { ...live, servers: live.servers.filter((s) => s.ID !== id) };
}

/**
 * A server still runs when autopilot reports it healthy or serf sees it alive; anything else
 * (serf failed, left, unknown to serf, and not healthy) is gone. Observed on real servers: a
 * dead Consul server is serf `failed` (observed-real-servers.md §8), a SIGKILLed Nomad one `left` (§7).
 */
export function isLive(health: ServerHealth): boolean {
  return health.healthy || health.serfStatus === 'alive';
}

export function describeHealth(health: ServerHealth): string {
  return `autopilot reports it ${health.healthy ? 'healthy' : 'unhealthy'}, serf status ${health.serfStatus}`;
}

/** `5 → 4` style before/after of each number, for the plan and for refusals. */
export function describeNumbers(before: RaftNumbers, after: RaftNumbers): string {
  const pair = (key: keyof RaftNumbers) => `${before[key]} → ${after[key]}`;
  return (
    `voters ${pair('voters')}, healthy voters ${pair('healthyVoters')}, ` +
    `failure tolerance ${pair('failureTolerance')}`
  );
}

/**
 * Whether removing raft peer `id` from `live` is safe, with the rule and the numbers when not.
 * The rules, in order: never the leader; only a server autopilot knows about; only a server that
 * is gone, unless the stack opted in for this one (allowLive); the voters left keep a quorum of
 * healthy voters and at least MinQuorum voters; the failure tolerance does not drop (or not below
 * the stack's `minFailureTolerance`); and no server that stays is unhealthy (the cluster is unwell
 * for another reason). The same function judges every step when planning (against the state the
 * previous steps leave) and again on a fresh read just before each DELETE.
 */
export function judgeRemoval(state: LiveRaftPeers, id: string, rules: RemovalRules): RemovalVerdict {
  const server = state.servers.find((s) => s.ID === id);
  if (server === undefined) throw new Error(`internal: raft peer ${id} is not in the configuration judged`);
  const refuse = (reason: string): RemovalVerdict => ({ ok: false, reason });
  const name = describeServer(server);
  if (server.Leader)
    return refuse(`never the leader: ${name} is the raft leader. Transfer leadership to another server first.`);
  const health = state.health[id];
  if (health === undefined) {
    return refuse(
      `autopilot health does not list ${name}, so opstack cannot tell whether it is gone. ` +
        'Wait for autopilot (a few seconds after a leader election) and plan again.',
    );
  }
  const live = isLive(health);
  if (live && !rules.allowLive) {
    return refuse(
      `${name} is not gone: ${describeHealth(health)}. RaftPeersAbsent removes only servers that are gone; ` +
        'stop the server first, or, if it must leave while it runs, set allowLive: true on its peer entry.',
    );
  }
  const before = numbersOf(state);
  const after = numbersOf(withoutServer(state, id));
  const needed = quorum(after.voters);
  if (after.healthyVoters < needed) {
    return refuse(
      `quorum: after this removal ${after.voters} voters would remain of which ${after.healthyVoters} are healthy, ` +
        `but a quorum of ${after.voters} voters needs ${needed} healthy.`,
    );
  }
  if (server.Voter && state.minQuorum > 0 && after.voters < state.minQuorum) {
    return refuse(
      `MinQuorum: after this removal ${after.voters} voters would ` +
        `remain, below the autopilot MinQuorum of ${state.minQuorum}.`,
    );
  }
  const floor = Math.min(before.failureTolerance, rules.minFailureTolerance ?? before.failureTolerance);
  if (after.failureTolerance < floor) {
    const allowed =
      rules.minFailureTolerance === undefined
        ? 'the stack allows no reduction (set minFailureTolerance to accept one)'
        : `the stack's minFailureTolerance is ${rules.minFailureTolerance}`;
    return refuse(
      `failure tolerance: this removal would lower it from ${before.failureTolerance} to ${after.failureTolerance} ` +
        `(${describeNumbers(before, after)}); ${allowed}.`,
    );
  }
  const unwell = state.servers.filter(
    (s) => s.ID !== id && !rules.laterRemovals.includes(s.ID) && state.health[s.ID]?.healthy !== true,
  );
  if (unwell.length > 0) {
    const verb = unwell.length === 1 ? 'is' : 'are';
    return refuse(
      `never while the cluster is unhealthy for another ` +
        `reason: ${unwell.map(describeServer).join(', ')} ${verb} unhealthy and not being removed.`,
    );
  }
  return { ok: true, before, after, health, live };
}
