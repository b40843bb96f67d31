import type { HttpStep, Refusal } from '../model/plan.js';
import type { DesiredRaftPeersAbsent, LiveRaftPeers, PeerRef, RaftServer } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { RAFT_PEER_PATH } from '../schema/api-paths.js';
import {
  describeHealth,
  describeNumbers,
  describeServer,
  isLive,
  judgeRemoval,
  type RemovalRules,
  type RaftNumbers,
  withoutServer,
} from './raft-guards.js';
import { declarationChange, impliedDeletion, type PlannerResult } from './resource-plan.js';
import type { Note } from '../model/notes.js';

/** A server the declaration removes, and whether every entry naming it allows removing it while it runs. */
interface Removal {
  readonly server: RaftServer;
  readonly allowLive: boolean;
}

/**
 * Plans the removal of the declared peers still in the raft configuration
 * (consul-operator-api.md §4.2, nomad-operator-api.md §3.2). Peers are removed by ID — Nomad
 * accepts nothing else — so an address is resolved to an ID here; an address two servers share
 * is refused. A peer already absent needs nothing.
 *
 * Several removals are a sequence: servers that are gone first, then any the stack allows to be
 * removed while they run, each group in raft configuration order — so every order of the same
 * peers plans the same steps. Each removal is judged (raft-guards.ts) against the state the ones
 * before it leave; apply judges each again, by the same rules, on a fresh read just before its
 * DELETE, so plan and apply agree. One refusal refuses the whole plan, with the rule and numbers.
 */
export function planRaftPeersAbsent(desired: DesiredRaftPeersAbsent, live: LiveRaftPeers): PlannerResult {
  const address = resourceAddress(desired);
  const resolved = resolvePeers(desired, live, address);
  if ('refusal' in resolved) return resolved;
  const { removals, notes } = resolved;
  const rank = (r: Removal) => (liveOrUnknown(live, r) ? live.servers.length : 0) + live.servers.indexOf(r.server);
  const sequence = [...removals].sort((a, b) => rank(a) - rank(b));
  let state = live;
  const planned = [];
  for (const [i, removal] of sequence.entries()) {
    const rules = rulesFor(desired, removal, sequence.slice(i + 1));
    const verdict = judgeRemoval(state, removal.server.ID, rules);
    if (!verdict.ok) return { refusal: refusal(address, sequence, i, verdict.reason) };
    state = withoutServer(state, removal.server.ID);
    const { server } = removal;
    const why = verdict.live
      ? `still runs (${describeHealth(verdict.health)}); removed because its entry sets allowLive`
      : `gone: ${describeHealth(verdict.health)}`;
    const before = {
      id: server.ID,
      node: server.Node,
      address: server.Address,
      voter: server.Voter,
      healthy: verdict.health.healthy,
      serf_status: verdict.health.serfStatus,
    };
    const change = impliedDeletion(
      desired,
      desired.type,
      `[${server.ID}]`,
      before,
      `declared absent by ${desired.constructPath}; ${why}`,
    );
    planned.push({
      server,
      rules,
      change: { ...change, notes: [...change.notes, toleranceNote(verdict.before, verdict.after)] },
    });
  }
  const changes = [declarationChange(desired, declaredAttributes(desired), notes), ...planned.map((p) => p.change)];
  return {
    changes,
    steps: planned.map(({ server, rules, change }): Omit<HttpStep, 'index'> => ({
      kind: 'http',
      address: change.address,
      description: `remove raft peer ${describeServer(server)}`,
      method: 'DELETE',
      path: RAFT_PEER_PATH,
      query: { ...(desired.product === 'consul' ? { dc: desired.datacenter } : {}), id: server.ID },
      body: undefined,
      precondition: { kind: 'peer-removable', id: server.ID, ...rules },
      expect: 'status-200',
    })),
  };
}

/**
 * The declared peers still in the raft configuration (by ID or unique address), and notes for the
 * rest; refused when an address names more than one server.
 */
function resolvePeers(
  desired: DesiredRaftPeersAbsent,
  live: LiveRaftPeers,
  address: string,
): { removals: Removal[]; notes: Note[] } | { refusal: Refusal } {
  const removals: Removal[] = [];
  const notes: Note[] = [];
  for (const peer of desired.peers) {
    const matches =
      'id' in peer
        ? live.servers.filter((s) => s.ID === peer.id)
        : live.servers.filter((s) => s.Address === peer.address);
    const label = 'id' in peer ? `id ${peer.id}` : `address ${peer.address}`;
    if (matches.length > 1) {
      const servers = matches.map((s) => s.ID).join(', ');
      return {
        refusal: {
          address,
          code: 'GuardRefused',
          message:
            `${address}: refusing to remove ${label}: ${matches.length} ` +
            `raft servers have it (${servers}), so it names no single peer.`,
          hint: 'Name the peer by its raft ID (`consul operator raft list-peers` / `nomad operator raft list-peers`).',
        },
      };
    }
    const [server] = matches;
    if (server === undefined) {
      notes.push({
        code: 'peer-already-absent',
        severity: 'info',
        message: `${label}: not a raft peer: nothing to do`,
      });
      continue;
    }
    const allowLive = peer.allowLive === true;
    const index = removals.findIndex((r) => r.server === server);
    // Named twice: removing it while it runs needs every entry's consent.
    if (index >= 0) removals[index] = { server, allowLive: allowLive && (removals[index]?.allowLive ?? false) };
    else removals.push({ server, allowLive });
  }
  return { removals, notes };
}

/**
 * The `raft-failure-tolerance` note of one removal: the guard's numbers before and after it. A
 * warning when the tolerance ends at 0 (one more failure loses the quorum) or drops.
 */
function toleranceNote(before: RaftNumbers, after: RaftNumbers): Note {
  const risky = after.failureTolerance === 0 || after.failureTolerance < before.failureTolerance;
  const consequence = after.failureTolerance === 0 ? ': losing one more server loses the quorum' : '';
  return {
    code: 'raft-failure-tolerance',
    severity: risky ? 'warning' : 'info',
    message: describeNumbers(before, after) + consequence,
  };
}

/** Servers still running (or of unknown health) go last: removing the dead ones first only helps. */
function liveOrUnknown(live: LiveRaftPeers, removal: Removal): boolean {
  const health = live.health[removal.server.ID];
  return health === undefined || isLive(health);
}

function rulesFor(desired: DesiredRaftPeersAbsent, removal: Removal, later: readonly Removal[]): RemovalRules {
  return {
    allowLive: removal.allowLive,
    ...(desired.minFailureTolerance === undefined ? {} : { minFailureTolerance: desired.minFailureTolerance }),
    laterRemovals: later.map((r) => r.server.ID),
  };
}

function refusal(address: string, sequence: readonly Removal[], i: number, reason: string): Refusal {
  const server = sequence[i]?.server;
  const position =
    sequence.length > 1
      ? ` (removal ${i + 1} of ${sequence.length}${
          i > 0
            ? `, after ${sequence
                .slice(0, i)
                .map((r) => describeServer(r.server))
                .join(', ')}`
            : ''
        })`
      : '';
  return {
    address,
    code: 'GuardRefused',
    message: `${address}: refusing to remove ${server ? describeServer(server) : 'a raft peer'}${position}: ${reason}`,
    hint:
      'Nothing was changed. The rules are in the README ("Remove dead ' +
      'raft peers"); fix the cluster or the declaration, then plan again.',
  };
}

/** What the declaration says, in Terraform attribute names, so a saved plan can rebuild it. */
function declaredAttributes(desired: DesiredRaftPeersAbsent): Record<string, unknown> {
  const peer = (p: PeerRef) => ({
    ...('id' in p ? { id: p.id } : { address: p.address }),
    ...(p.allowLive ? { allow_live: true } : {}),
  });
  return {
    peers: desired.peers.map(peer),
    ...(desired.minFailureTolerance === undefined ? {} : { min_failure_tolerance: desired.minFailureTolerance }),
  };
}
