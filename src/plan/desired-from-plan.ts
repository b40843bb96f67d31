import type { KeyReference } from '../model/keyring.js';
import type { ResourceChange, StackPlan } from '../model/plan.js';
import type { DesiredResource, PeerRef } from '../model/resources.js';
import type { DesiredStack } from '../model/stack.js';
import { autopilotAttributes, type AutopilotType } from '../schema/autopilot.js';

/**
 * The desired state a plan was made for, rebuilt from the plan itself: each resource's `after`
 * holds exactly what it declared (keys as references and fingerprints, never key material).
 * Apply uses it to re-read (stale check) and to verify that nothing is left to change, also
 * for a saved plan, without running the cdktf app again.
 */
export function desiredFromPlan(stack: StackPlan): DesiredStack {
  // Deletions of undeclared areas come from an ownership declaration, which is rebuilt itself.
  const declared = stack.changes.filter((change) => change.after !== null);
  const resources = declared.map((change): DesiredResource => {
    const observation = stack.observed.find((o) => o.address === change.address);
    if (!observation) throw new Error(`internal: the plan observed nothing for ${change.address}`);
    const ref = { stack: stack.name, name: change.name, constructPath: change.constructPath, datacenter: observation.datacenter };
    switch (change.type) {
      case 'consul_autopilot_config':
      case 'opstack_nomad_autopilot_config':
        return { ...ref, type: change.type, declared: declaredAutopilot(change, change.type) } as DesiredResource;
      case 'nomad_scheduler_config':
        return { ...ref, type: change.type, declared: change.after as Record<string, boolean | string> };
      case 'opstack_consul_gossip_keyring': {
        const after = change.after as { keys: { fingerprint: string; reference: string }[]; relay_factor?: number };
        return {
          ...ref,
          type: change.type,
          keys: after.keys.map((k) => ({ fingerprint: k.fingerprint, reference: parseReference(k.reference) })),
          ...(after.relay_factor === undefined ? {} : { relayFactor: after.relay_factor }),
        };
      }
      case 'consul_network_area': {
        const after = change.after as { peer_datacenter: string; retry_join?: string[]; use_tls?: boolean };
        return {
          ...ref,
          type: change.type,
          peerDatacenter: after.peer_datacenter,
          ...(after.retry_join === undefined ? {} : { retryJoin: after.retry_join }),
          ...(after.use_tls === undefined ? {} : { useTls: after.use_tls }),
        };
      }
      case 'opstack_raft_peers_absent': {
        const after = change.after as { peers: (({ id: string } | { address: string }) & { allow_live?: true })[]; min_failure_tolerance?: number };
        const peers = after.peers.map(({ allow_live, ...peer }): PeerRef => ({ ...peer, ...(allow_live ? { allowLive: true } : {}) }));
        const floor = after.min_failure_tolerance;
        return { ...ref, type: change.type, product: stack.target.product, peers, ...(floor === undefined ? {} : { minFailureTolerance: floor }) };
      }
      case 'opstack_consul_network_area_ownership':
        return { ...ref, type: change.type, declaredPeers: (change.after as { declared_peers: string[] }).declared_peers };
      default: {
        const unreachable: never = change.type;
        return unreachable;
      }
    }
  });
  return { name: stack.name, target: stack.target, resources };
}

function declaredAutopilot(change: ResourceChange, type: AutopilotType): Record<string, unknown> {
  const declared: Record<string, unknown> = {};
  for (const { attribute, field } of autopilotAttributes(type)) {
    if (change.after?.[attribute] !== undefined) declared[field] = change.after[attribute];
  }
  return declared;
}

/** `env:NAME` / `file:/path` back to a reference. */
function parseReference(text: string): KeyReference {
  const [source, ...rest] = text.split(':');
  if (source !== 'env' && source !== 'file') throw new Error(`internal: bad key reference ${text}`);
  return { source, name: rest.join(':') };
}
