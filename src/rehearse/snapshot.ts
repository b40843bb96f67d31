import type { ApiClient } from '../api/api-client.js';
import type { ApiClients } from '../api/api-clients.js';
import { resolveConnection } from '../api/api-clients.js';
import type { Environment } from '../api/connection.js';
import type { StackPlan } from '../model/plan.js';
import type { ConsulArea } from '../model/resources.js';
import { isObject, readJsonObject, unexpectedAnswer } from '../read/answer-shape.js';
import { readConsulAreas } from '../read/consul-network-areas.js';
import { readConsulKeyring } from '../read/consul-keyring.js';
import type { KeyringRead } from '../read/keyring-read.js';
import { readNomadKeyring } from '../read/nomad-keyring.js';
import { readAutopilotHealth, readRaftConfiguration } from '../read/raft-and-health.js';
import { AUTOPILOT_PATH, SCHEDULER_CONFIGURATION_PATH } from '../schema/api-paths.js';

/** A raft server with autopilot's view of it, as the rehearsal copies it. */
export interface SnapshotServer {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly voter: boolean;
  readonly leader: boolean;
  readonly healthy: boolean;
  readonly serfStatus: string;
}

/**
 * What a rehearsal copies of one stack's cluster: everything the plan's steps, gates and waits
 * touch. Read with GETs only; key material stays in `keyring.keysByFingerprint`, in memory.
 */
export interface ClusterSnapshot {
  readonly stack: StackPlan;
  /** The base URL of the real agent: stacks behind one agent share one simulator. */
  readonly agent: string;
  /** The datacenter or region, as the servers' names and the stack name it. */
  readonly scope: string;
  readonly autopilot: Readonly<Record<string, unknown>>;
  readonly servers: readonly SnapshotServer[];
  readonly keyring: KeyringRead | null;
  readonly areas: readonly ConsulArea[] | null;
  readonly scheduler: Readonly<Record<string, unknown>> | null;
}

/** Reads, for every stack with steps, what its cluster is made of (GETs only, all stacks at once). */
export function readSnapshots(
  stacks: readonly StackPlan[],
  clients: ApiClients,
  env: Environment,
): Promise<ClusterSnapshot[]> {
  return Promise.all(stacks.map((stack) => readSnapshot(stack, clients.for(stack.target), env)));
}

async function readSnapshot(stack: StackPlan, client: ApiClient, env: Environment): Promise<ClusterSnapshot> {
  const consul = stack.target.product === 'consul';
  const query: Record<string, string> = consul ? { dc: stack.target.datacenter } : {};
  const declares = (type: string) => stack.declared.some((resource) => resource.type === type);
  const [autopilot, raft, health, keyring, areas, scheduler] = await Promise.all([
    readJsonObject(client, AUTOPILOT_PATH, query),
    readRaftConfiguration(client, query),
    readAutopilotHealth(client, query),
    declares('opstack_consul_gossip_keyring')
      ? readConsulKeyring(client)
      : declares('opstack_nomad_gossip_keyring')
        ? readNomadKeyring(client)
        : null,
    consul && (declares('consul_network_area') || declares('opstack_consul_network_area_ownership'))
      ? readConsulAreas(client, query.dc!)
      : null,
    declares('nomad_scheduler_config') ? readJsonObject(client, SCHEDULER_CONFIGURATION_PATH, {}) : null,
  ]);
  const healthById = new Map((health.Servers ?? []).map((s) => [s.ID, s]));
  const servers = (raft.Servers ?? []).map((s) => ({
    id: s.ID,
    name: s.Node,
    address: s.Address,
    voter: s.Voter,
    leader: s.Leader,
    healthy: healthById.get(s.ID)?.Healthy ?? false,
    serfStatus: healthById.get(s.ID)?.SerfStatus ?? 'none',
  }));
  const scope = consul ? query.dc! : (stack.target.region ?? regionOf(servers));
  const schedulerConfig = scheduler && isObject(scheduler.SchedulerConfig) ? scheduler.SchedulerConfig : null;
  if (scheduler && !schedulerConfig) throw unexpectedAnswer(client, SCHEDULER_CONFIGURATION_PATH, 'no SchedulerConfig');
  const agent = resolveConnection(stack.target, env).baseUrl;
  return { stack, agent, scope, autopilot, servers, keyring, areas, scheduler: schedulerConfig };
}

/** Nomad names its servers `<node>.<region>` (nomad-operator-api.md §3.1): the agent's own region. */
function regionOf(servers: readonly SnapshotServer[]): string {
  const suffix = servers[0]?.name.split('.').slice(1).join('.');
  return suffix && /^[A-Za-z0-9_-]+$/.test(suffix) ? suffix : 'global';
}
