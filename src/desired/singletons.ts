import type { DesiredResource } from '../model/resources.js';

/** How duplicates are named; an area is a singleton per (datacenter, peer): Consul allows one area per peer. */
const SINGLETON_NOUN: Readonly<Record<DesiredResource['type'], string>> = {
  consul_autopilot_config: 'autopilot configurations',
  opstack_nomad_autopilot_config: 'Nomad autopilot configurations',
  nomad_scheduler_config: 'Nomad scheduler configurations',
  opstack_consul_gossip_keyring: 'gossip keyrings',
  opstack_nomad_gossip_keyring: 'Nomad gossip keyrings',
  consul_network_area: 'network areas',
  opstack_consul_network_area_ownership: 'network area ownership declarations',
  opstack_raft_peers_absent: 'raft peer removal declarations',
};

/**
 * What makes two resources of one type the same object in one cluster. A Nomad gossip keyring
 * is one per agent whatever the region: its endpoints act on the one pool of every federated
 * region's servers (nomad-operator-api.md §3.8).
 */
export function singletonKey(resource: DesiredResource): string {
  const object =
    resource.type === 'consul_network_area'
      ? `${resource.datacenter}\u0000${resource.peerDatacenter}`
      : resource.type === 'opstack_nomad_gossip_keyring'
        ? ''
        : resource.datacenter;
  return `${resource.type}\u0000${object}`;
}

/**
 * `Two autopilot configurations for datacenter "dc1"`, `Two network areas for datacenter "dc1" with
 * peer "dc2"`, `Two Nomad scheduler configurations for region "eu"` (or `for the agent's region`).
 */
export function twoOf(resource: DesiredResource): string {
  const peer = resource.type === 'consul_network_area' ? ` with peer "${resource.peerDatacenter}"` : '';
  const inNomad =
    resource.type === 'opstack_raft_peers_absent'
      ? resource.product === 'nomad'
      : resource.type === 'opstack_nomad_autopilot_config' || resource.type === 'nomad_scheduler_config';
  if (resource.type === 'opstack_nomad_gossip_keyring')
    return `Two ${SINGLETON_NOUN[resource.type]} for one federation`;
  const scope = !inNomad
    ? `datacenter "${resource.datacenter}"`
    : resource.datacenter === ''
      ? "the agent's region"
      : `region "${resource.datacenter}"`;
  return `Two ${SINGLETON_NOUN[resource.type]} for ${scope}${peer}`;
}
