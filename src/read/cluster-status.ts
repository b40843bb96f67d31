import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { DesiredStack } from '../model/stack.js';
import type { AreaStatus, ClusterStatus, ServerStatus } from '../model/status.js';
import { readAutopilotState } from './autopilot-state.js';
import { readAreaSerfMembers, readConsulAreas } from './consul-network-areas.js';
import { readAutopilotHealth, readRaftConfiguration } from './raft-and-health.js';

/**
 * Reads a stack's cluster for `opstack status`: the raft configuration (consul-operator-api.md
 * §4.1, nomad-operator-api.md §3.1), autopilot health (§4.6 / §3.5; its 429 still carries the
 * body), and for Consul autopilot state (§4.7) and every network area with its members (§4.8; a
 * CE cluster has none).
 */
export async function readClusterStatus(client: ApiClient, stack: DesiredStack): Promise<ClusterStatus> {
  const target = stack.target;
  const consul = target.product === 'consul';
  const [raft, health, areas, autopilotState] = await Promise.all([
    readRaftConfiguration(client),
    readAutopilotHealth(client),
    consul ? readAreasWithMembers(client, target.datacenter) : Promise.resolve(null),
    consul ? readAutopilotState(client) : Promise.resolve(null),
  ]);
  const healthById = new Map((health.Servers ?? []).map((s) => [s.ID, s]));
  const servers: ServerStatus[] = (raft.Servers ?? []).map((s) => {
    const h = healthById.get(s.ID);
    return {
      id: s.ID,
      name: s.Node,
      address: s.Address,
      leader: s.Leader,
      voter: s.Voter,
      healthy: h?.Healthy ?? null,
      serfStatus: h?.SerfStatus ?? null,
      lastContact: h?.LastContact ?? null,
    };
  });
  return {
    stack: stack.name,
    target: stack.target,
    leader: servers.find((s) => s.leader)?.name ?? null,
    servers,
    healthy: health.Healthy,
    failureTolerance: health.FailureTolerance,
    areas,
    autopilotState,
  };
}

async function readAreasWithMembers(client: ApiClient, datacenter: string): Promise<AreaStatus[] | null> {
  let areas;
  try {
    areas = await readConsulAreas(client, datacenter);
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'EnterpriseRequired') return null;
    throw error;
  }
  const sorted = [...areas].sort((a, b) => a.PeerDatacenter.localeCompare(b.PeerDatacenter));
  return Promise.all(
    sorted.map(async (area) => {
      const members = (await readAreaSerfMembers(client, datacenter, area.ID))
        .map((m) => ({
          name: m.Name,
          address: `${m.Addr}:${m.Port}`,
          datacenter: m.Datacenter,
          status: m.Status,
          rttMs: Math.round(m.RTT / 10_000) / 100,
          build: m.Build,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return {
        id: area.ID,
        peerDatacenter: area.PeerDatacenter,
        retryJoin: area.RetryJoin ?? [],
        useTls: area.UseTLS,
        members,
      };
    }),
  );
}
