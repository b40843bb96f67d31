import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import type { DesiredStack } from '../model/stack.js';
import type { AreaStatus, ClusterStatus, ServerStatus } from '../model/status.js';
import { AREA_PATH } from '../schema/consul-paths.js';
import { readConsulAreas } from './consul-network-areas.js';

interface RaftConfiguration {
  Servers: { ID: string; Node: string; Address: string; Leader: boolean; Voter: boolean }[] | null;
}

interface AutopilotHealth {
  Healthy: boolean;
  FailureTolerance: number;
  Servers: { ID: string; Name: string; SerfStatus: string; Healthy: boolean; LastContact: string }[] | null;
}

interface SerfMember {
  Name: string;
  Addr: string;
  Port: number;
  Datacenter: string;
  Status: string;
  Build: string;
  RTT: number;
}

/**
 * Reads a stack's cluster for `opstack status`: the raft configuration (§4.1), autopilot health
 * (§4.6, whose 429 still carries the body), and every network area with its members (§4.8; a
 * CE cluster has none).
 */
export async function readConsulStatus(client: ApiClient, stack: DesiredStack): Promise<ClusterStatus> {
  const datacenter = stack.target.datacenter;
  const [raft, health, areas] = await Promise.all([
    client.read<RaftConfiguration>('/v1/operator/raft/configuration', { dc: datacenter }),
    client.read<AutopilotHealth>('/v1/operator/autopilot/health', { dc: datacenter }, [200, 429]),
    readAreasWithMembers(client, datacenter),
  ]);
  const healthById = new Map((health.value.Servers ?? []).map((s) => [s.ID, s]));
  const servers: ServerStatus[] = (raft.value.Servers ?? []).map((s) => {
    const h = healthById.get(s.ID);
    return { id: s.ID, name: s.Node, address: s.Address, leader: s.Leader, voter: s.Voter, healthy: h?.Healthy ?? null, serfStatus: h?.SerfStatus ?? null, lastContact: h?.LastContact ?? null };
  });
  return {
    stack: stack.name,
    target: stack.target,
    leader: servers.find((s) => s.leader)?.name ?? null,
    servers,
    healthy: health.value.Healthy,
    failureTolerance: health.value.FailureTolerance,
    areas,
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
      const { value } = await client.read<SerfMember[] | null>(`${AREA_PATH}/${area.ID}/members`, { dc: datacenter });
      const members = (value ?? [])
        .map((m) => ({ name: m.Name, address: `${m.Addr}:${m.Port}`, datacenter: m.Datacenter, status: m.Status, rttMs: Math.round(m.RTT / 10_000) / 100, build: m.Build }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { id: area.ID, peerDatacenter: area.PeerDatacenter, retryJoin: area.RetryJoin ?? [], useTls: area.UseTLS, members };
    }),
  );
}
