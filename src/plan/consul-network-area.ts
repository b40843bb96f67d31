import type { Note } from '../model/notes.js';
import type { ResourceChange } from '../model/plan.js';
import {
  type ConsulArea,
  type DesiredConsulAreaOwnership,
  type DesiredConsulNetworkArea,
  type LiveConsulAreaOwnership,
  type LiveConsulNetworkArea,
} from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { AREA_PATH } from '../schema/api-paths.js';
import { diffAttributes } from './attribute-diff.js';
import { areaDeletionNotes } from './notes/area-notes.js';
import { declarationChange, identityOf, impliedDeletion, type ResourcePlan } from './resource-plan.js';

/** The attributes of an area as the stack and the plan show them. */
function attributesOf(area: Pick<ConsulArea, 'PeerDatacenter' | 'RetryJoin' | 'UseTLS'>): Record<string, unknown> {
  return { peer_datacenter: area.PeerDatacenter, retry_join: area.RetryJoin ?? [], use_tls: area.UseTLS };
}

const areaIdNote = (area: ConsulArea): Note => ({ code: 'area-id', severity: 'info', message: `area ID ${area.ID}` });

/**
 * Plans one declared area against the live area with the same peer (consul-operator-api.md §4.8):
 * create it, or update `RetryJoin`/`UseTLS` in place. Only declared attributes are compared; the
 * PUT body always carries `PeerDatacenter` and the complete object.
 */
export function planConsulNetworkArea(desired: DesiredConsulNetworkArea, live: LiveConsulNetworkArea): ResourcePlan {
  const address = resourceAddress(desired);
  const query = { dc: desired.datacenter };
  const wanted = {
    PeerDatacenter: desired.peerDatacenter,
    RetryJoin: desired.retryJoin ?? live.area?.RetryJoin ?? [],
    UseTLS: desired.useTls ?? live.area?.UseTLS ?? false,
  };
  const declared = [
    'peer_datacenter',
    ...(desired.retryJoin ? ['retry_join'] : []),
    ...(desired.useTls !== undefined ? ['use_tls'] : []),
  ];
  const pick = (values: Record<string, unknown>) => Object.fromEntries(declared.map((a) => [a, values[a]]));
  const after = pick(attributesOf(wanted));
  const base = { ...identityOf(desired), notes: [] };
  if (live.area === null) {
    const change: ResourceChange = {
      ...base,
      action: 'create',
      before: null,
      after,
      changes: declared.map((attribute) => ({ attribute, before: undefined, after: after[attribute] })),
      unchangedCount: 0,
    };
    return {
      changes: [change],
      steps: [
        {
          kind: 'http',
          address,
          description: `create the network area of ${desired.datacenter} with peer ${desired.peerDatacenter}`,
          method: 'POST',
          path: AREA_PATH,
          query,
          body: wanted,
          expect: 'status-200',
        },
      ],
    };
  }
  const before = pick(attributesOf(live.area));
  const changes = diffAttributes(before, after, (_attribute, value) => value);
  const change: ResourceChange = {
    ...base,
    action: changes.length > 0 ? 'update' : 'no-op',
    before,
    after,
    changes,
    unchangedCount: declared.length - changes.length,
    notes: [areaIdNote(live.area)],
  };
  if (changes.length === 0) return { changes: [change], steps: [] };
  return {
    changes: [change],
    steps: [
      {
        kind: 'http',
        address,
        description: `update the network area with peer ${desired.peerDatacenter}`,
        method: 'PUT',
        path: `${AREA_PATH}/${live.area.ID}`,
        query,
        body: wanted,
        expect: 'status-200',
      },
    ],
  };
}

/** Live areas the stack does not declare, planned for deletion because the stack owns the set. */
export function planConsulAreaOwnership(
  desired: DesiredConsulAreaOwnership,
  live: LiveConsulAreaOwnership,
): ResourcePlan {
  const undeclared = live.areas
    .filter((area) => !desired.declaredPeers.includes(area.PeerDatacenter))
    .sort((a, b) => a.PeerDatacenter.localeCompare(b.PeerDatacenter));
  const ownership = declarationChange(desired, { declared_peers: desired.declaredPeers });
  const deletions = undeclared.map((area) => {
    const why = `not declared in the stack; area ID ${area.ID}`;
    const risks = areaDeletionNotes(desired.datacenter, area, live.members[area.ID] ?? []);
    return impliedDeletion(
      desired,
      'consul_network_area',
      `[peer=${area.PeerDatacenter}]`,
      attributesOf(area),
      why,
      risks,
    );
  });
  return {
    changes: [ownership, ...deletions],
    steps: undeclared.map((area, i) => ({
      kind: 'http' as const,
      address: deletions[i]?.address ?? '',
      description: `delete the network area with peer ${area.PeerDatacenter} (not declared in the stack)`,
      method: 'DELETE' as const,
      path: `${AREA_PATH}/${area.ID}`,
      query: { dc: desired.datacenter },
      body: undefined,
      expect: 'status-200' as const,
    })),
  };
}
