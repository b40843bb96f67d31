import type { Note } from '../../model/notes.js';
import type { AreaMember, ConsulArea } from '../../model/resources.js';
import { isAre, listOf } from './words.js';

/**
 * The risk of deleting a network area (consul-operator-api.md §4.8): its alive members in the
 * peer datacenter are reached from this one through the area, so deleting it cuts them off
 * (requests with `?dc=<peer>` fail) unless the datacenters are also joined over WAN.
 */
export function areaDeletionNotes(datacenter: string, area: ConsulArea, members: readonly AreaMember[]): Note[] {
  const reachable = members
    .filter((m) => m.Datacenter === area.PeerDatacenter && m.Status === 'alive')
    .map((m) => m.Name)
    .sort();
  if (reachable.length === 0) return [];
  return [
    {
      code: 'area-deletion-cuts-members',
      severity: 'danger',
      message:
        `deleting this area takes ${listOf(reachable)} of ${area.PeerDatacenter}, ` +
        `which ${isAre(reachable.length)} alive, out of reach of ${datacenter} ` +
        '(unless the datacenters are also joined over WAN)',
    },
  ];
}
