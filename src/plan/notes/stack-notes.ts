import type { Note } from '../../model/notes.js';
import type { ResourceChange } from '../../model/plan.js';
import type { DesiredResource, LiveResource } from '../../model/resources.js';
import { resourceAddress } from '../../util/resource-address.js';
import { listOf } from './words.js';

/**
 * Notes that need two resources of one stack: a MinQuorum the stack sets above the voters its
 * raft removals would leave. Steps run in address order, so the autopilot write comes first and
 * the removal's guard, checked again just before its DELETE, then refuses it. Returns the
 * changes with those notes added to the autopilot change.
 */
export function withStackNotes(
  resources: readonly DesiredResource[],
  live: ReadonlyMap<string, LiveResource>,
  changes: readonly ResourceChange[],
): ResourceChange[] {
  const extra = new Map<string, Note[]>();
  for (const autopilot of resources) {
    if (autopilot.type !== 'consul_autopilot_config' && autopilot.type !== 'opstack_nomad_autopilot_config') continue;
    const product = autopilot.type === 'consul_autopilot_config' ? 'consul' : 'nomad';
    const address = resourceAddress(autopilot);
    const minQuorum = changes.find((c) => c.address === address)?.changes.find((c) => c.attribute === 'min_quorum');
    if (!minQuorum) continue;
    for (const peers of resources) {
      if (peers.type !== 'opstack_raft_peers_absent' || peers.product !== product) continue;
      if (peers.datacenter !== autopilot.datacenter) continue;
      const raft = live.get(resourceAddress(peers));
      if (raft?.type !== 'opstack_raft_peers_absent') continue;
      const removed = changes.filter(
        (c) => c.action === 'delete' && c.type === peers.type && c.constructPath === peers.constructPath,
      );
      const removedIds = removed.map((c) => String(c.before?.id));
      const votersLeft = raft.servers.filter((s) => s.Voter && !removedIds.includes(s.ID)).length;
      if (removed.length === 0 || Number(minQuorum.after) <= votersLeft) continue;
      const names = listOf(removed.map((c) => String(c.before?.node)));
      extra.set(address, [
        ...(extra.get(address) ?? []),
        {
          code: 'min-quorum-above-remaining',
          severity: 'danger',
          message:
            `MinQuorum ${String(minQuorum.after)} is above the ${votersLeft} voters left after removing ${names}: ` +
            'this write runs first, so the removal guard will then refuse the removal just before its DELETE',
        },
      ]);
    }
  }
  return changes.map((c) => {
    const notes = extra.get(c.address);
    return notes ? { ...c, notes: [...c.notes, ...notes] } : c;
  });
}
