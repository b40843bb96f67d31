import type { LiveRaftPeers } from '../model/resources.js';

/**
 * Why removing these raft peers now is unsafe, naming the rule and the numbers; undefined when it
 * is safe. The rules, in order: never the leader; the voters left must keep a quorum among the
 * servers autopilot reports healthy, and must not fall below MinQuorum; and never while a server
 * that is not being removed is unhealthy (the cluster is unwell for another reason).
 */
export function removalRefusal(live: LiveRaftPeers, ids: readonly string[]): string | undefined {
  const removing = live.servers.filter((s) => ids.includes(s.ID));
  const names = (servers: typeof removing) => servers.map((s) => `${s.Node} (${s.Address})`).join(', ');
  const leader = removing.find((s) => s.Leader);
  if (leader) return `never the leader: ${names([leader])} is the raft leader. Transfer leadership to another server first.`;
  const others = live.servers.filter((s) => !ids.includes(s.ID));
  const votersLeft = others.filter((s) => s.Voter);
  const healthyVotersLeft = votersLeft.filter((s) => live.healthy[s.ID] === true).length;
  const quorum = Math.floor(votersLeft.length / 2) + 1;
  if (healthyVotersLeft < quorum) {
    return `quorum: after removing ${removing.length}, ${votersLeft.length} voters would remain of which ${healthyVotersLeft} are healthy, but a quorum of ${votersLeft.length} voters needs ${quorum} healthy.`;
  }
  if (live.minQuorum > 0 && votersLeft.length < live.minQuorum) {
    return `MinQuorum: after removing ${removing.length}, ${votersLeft.length} voters would remain, below the autopilot MinQuorum of ${live.minQuorum}.`;
  }
  const unhealthyOthers = others.filter((s) => live.healthy[s.ID] !== true);
  if (unhealthyOthers.length > 0) {
    return `never while the cluster is unhealthy for another reason: ${names(unhealthyOthers)} ${unhealthyOthers.length === 1 ? 'is' : 'are'} unhealthy and not being removed.`;
  }
  return undefined;
}
