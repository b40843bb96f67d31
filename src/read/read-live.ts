import type { ApiClients } from '../api/api-clients.js';
import type { OpstackError } from '../model/errors.js';
import type { ApiClient } from '../api/api-client.js';
import { type ConsulArea, type DesiredResource, type LiveResource } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import type { DesiredStack } from '../model/stack.js';
import type { RequestScope } from '../model/target.js';
import { readAutopilot } from './autopilot.js';
import { readConsulKeyring } from './consul-keyring.js';
import { readAreaMembers, readConsulAreas } from './consul-network-areas.js';
import { readFailedServers } from './failed-servers.js';
import { readNomadKeyring } from './nomad-keyring.js';
import { readNomadScheduler } from './nomad-scheduler.js';
import { readRaftPeers } from './raft-peers.js';

/** A stack's live state, or why it could not be read. */
export type StackRead =
  | {
      readonly stack: DesiredStack;
      readonly ok: true;
      readonly live: ReadonlyMap<string, LiveResource>;
      /** What the reads named; the writes name it too. */
      readonly scope?: RequestScope;
    }
  | { readonly stack: DesiredStack; readonly ok: false; readonly error: OpstackError };

/** Reads what every stack declares: the minimal GETs, all stacks concurrently. */
export function readLive(stacks: readonly DesiredStack[], clients: ApiClients): Promise<StackRead[]> {
  return Promise.all(stacks.map((stack) => readStack(stack, clients)));
}

async function readStack(stack: DesiredStack, clients: ApiClients): Promise<StackRead> {
  try {
    const client = clients.for(stack.target);
    // Areas of one datacenter come from one GET, shared by every area resource that needs it.
    const areaLists = new Map<string, Promise<ConsulArea[]>>();
    const areasOf = (datacenter: string) => {
      let list = areaLists.get(datacenter);
      if (!list) areaLists.set(datacenter, (list = readConsulAreas(client, datacenter)));
      return list;
    };
    const entries = await Promise.all(
      stack.resources.map(
        async (resource) => [resourceAddress(resource), await readResource(client, resource, areasOf)] as const,
      ),
    );
    const { scope } = client.connection;
    return { stack, ok: true, live: new Map(entries), ...(scope ? { scope } : {}) };
  } catch (error) {
    return { stack, ok: false, error: error as OpstackError };
  }
}

/**
 * What each declared resource needs: an autopilot configuration, the keyring, the areas, or the raft peers and their
 * health.
 */
async function readResource(
  client: ApiClient,
  resource: DesiredResource,
  areasOf: (datacenter: string) => Promise<ConsulArea[]>,
): Promise<LiveResource> {
  switch (resource.type) {
    case 'consul_autopilot_config':
    case 'opstack_nomad_autopilot_config':
      return readAutopilot(client, resource);
    case 'nomad_scheduler_config':
      return readNomadScheduler(client);
    case 'opstack_consul_gossip_keyring': {
      const [{ pools }, failedServers] = await Promise.all([
        readConsulKeyring(client),
        readFailedServers(client, resource.datacenter),
      ]);
      return { type: resource.type, pools, failedServers };
    }
    case 'opstack_nomad_gossip_keyring':
      return { type: resource.type, pools: (await readNomadKeyring(client)).pools };
    case 'consul_network_area':
      return {
        type: resource.type,
        area: (await areasOf(resource.datacenter)).find((a) => a.PeerDatacenter === resource.peerDatacenter) ?? null,
      };
    case 'opstack_consul_network_area_ownership': {
      const areas = await areasOf(resource.datacenter);
      // Members only of the areas the stack will delete: what their deletion puts out of reach.
      const undeclared = areas.filter((area) => !resource.declaredPeers.includes(area.PeerDatacenter));
      const members = await Promise.all(
        undeclared.map(async (area) => [area.ID, await readAreaMembers(client, resource.datacenter, area.ID)] as const),
      );
      return { type: resource.type, areas, members: Object.fromEntries(members) };
    }
    case 'opstack_raft_peers_absent':
      return readRaftPeers(client, resource);
    default: {
      const unreachable: never = resource;
      return unreachable;
    }
  }
}
