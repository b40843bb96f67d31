import type { KeyringPool } from '../model/keyring.js';
import type { Target } from '../model/target.js';
import { AUTOPILOT_PATH, SCHEDULER_CONFIGURATION_PATH } from '../schema/api-paths.js';
import {
  type SerfStatus,
  type SimDatacenterSpec,
  type SimServerSpec,
  type Simulator,
  startSimulator,
} from '../sim/index.js';
import type { NomadRegionSpec, NomadSimulator } from '../sim/nomad/index.js';
import type { ClusterSnapshot, SnapshotServer } from './snapshot.js';

/**
 * A stack's cluster copied into the embedded simulator: where to reach it, and how the real
 * cluster's identifiers map to the copy's (raft indexes of the settings objects, area IDs), which
 * the simulator assigns itself.
 */
export interface SimulatedCluster {
  readonly target: Target;
  /** Real ModifyIndex → the copy's, per API path of a settings object. */
  readonly modifyIndexes: ReadonlyMap<string, readonly [number, number]>;
  /** Real network area ID → the copy's. */
  readonly areaIds: ReadonlyMap<string, string>;
}

export interface SimulatedClusters {
  /** By stack name. */
  readonly clusters: ReadonlyMap<string, SimulatedCluster>;
  close(): Promise<void>;
}

/** How fast the copy's gossip keyring converges: shortened from seconds, so a rehearsal's waits are short. */
export const REHEARSAL_PROPAGATION_MS = 20;

/**
 * Starts one simulator per real agent (stacks behind one agent share it, as they share its
 * keyring) and copies each snapshot in: servers with their health and serf status (the leader
 * first, so it is elected), the autopilot configuration, the gossip keys and node counts of every
 * pool, the network areas, the scheduler configuration.
 */
export async function startSimulatedClusters(snapshots: readonly ClusterSnapshot[]): Promise<SimulatedClusters> {
  const started: { close(): Promise<void> }[] = [];
  const clusters = new Map<string, SimulatedCluster>();
  try {
    for (const group of groupBy(snapshots, (s) => `${s.stack.target.product} ${s.agent}`)) {
      const copies =
        group[0]!.stack.target.product === 'consul'
          ? await copyConsul(group, started)
          : await copyNomad(group, started);
      for (const [name, cluster] of copies) clusters.set(name, cluster);
    }
  } catch (error) {
    await Promise.all(started.map((sim) => sim.close()));
    throw error;
  }
  return { clusters, close: async () => void (await Promise.all(started.map((sim) => sim.close()))) };
}

async function copyConsul(
  group: readonly ClusterSnapshot[],
  started: { close(): Promise<void> }[],
): Promise<[string, SimulatedCluster][]> {
  const keyring = group.find((s) => s.keyring !== null)?.keyring ?? null;
  const keys = keyring ? keysPrimaryFirst(keyring.pools, keyring.keysByFingerprint) : undefined;
  const pools = keyring?.pools ?? [];
  const wan = pools.some((p) => p.name === 'WAN');
  const byScope = new Map(group.map((s) => [s.scope, s]));
  const lanPools = pools
    .filter((p) => p.name.endsWith(' LAN'))
    .map((p) => [p.name.slice(0, -' LAN'.length), p] as const);
  // The agent's own datacenter answers first in a keyring list (§4.4): it is the simulator's first.
  const names = [...new Set([...lanPools.map(([dc]) => dc), ...group.map((s) => s.scope)])];
  const lanOf = (dc: string) => lanPools.find(([name]) => name === dc)?.[1];
  const known = group.reduce((n, s) => n + s.servers.filter((x) => x.serfStatus === 'alive').length, 0);
  const unknown = names.filter((dc) => !byScope.has(dc));
  // Datacenters no stack reads are known only by their pools: their servers are what the WAN pool has beyond ours.
  const wanNodes = pools.find((p) => p.name === 'WAN')?.numNodes ?? 0;
  const spare = Math.max(unknown.length, wanNodes - known);
  const datacenters: SimDatacenterSpec[] = names.map((dc) => {
    const snapshot = byScope.get(dc);
    const servers = snapshot
      ? serverSpecs(snapshot.servers, (name) => name)
      : share(spare, unknown.length, unknown.indexOf(dc));
    const alive =
      typeof servers === 'number' ? servers : servers.filter((s) => (s.serfStatus ?? 'alive') === 'alive').length;
    const clients = Math.max(0, (lanOf(dc)?.numNodes ?? alive) - alive);
    const gossip = { ...(keys ? { keys } : {}), clients, wan: keyring ? wan : true };
    return { name: dc, servers, gossip, ...(snapshot ? { autopilot: settingsOf(snapshot.autopilot) } : {}) };
  });
  const edition = group.some((s) => s.areas !== null) ? 'enterprise' : 'ce';
  // Imported here: the CLI bundle leaves the simulators out, and only a rehearsal starts them.
  const { startSimulator } = await import('../sim/index.js');
  const sim: Simulator = await startSimulator({
    datacenters,
    edition,
    keyringPropagationMs: REHEARSAL_PROPAGATION_MS,
    removedPeerPruneMs: 2000,
  });
  started.push(sim);
  return group.map((snapshot) => {
    const dc = sim.consul(snapshot.scope);
    const areaIds = new Map(
      (snapshot.areas ?? []).map(
        (area) =>
          [
            area.ID,
            dc.createArea({
              peerDatacenter: area.PeerDatacenter,
              retryJoin: area.RetryJoin ? [...area.RetryJoin] : null,
              useTls: area.UseTLS,
            }),
          ] as const,
      ),
    );
    const modifyIndexes = new Map([
      [AUTOPILOT_PATH, [Number(snapshot.autopilot.ModifyIndex), dc.autopilotConfig().ModifyIndex] as const],
    ]);
    const target: Target = { product: 'consul', address: sim.url, datacenter: snapshot.scope };
    return [snapshot.stack.name, { target, modifyIndexes, areaIds }];
  });
}

async function copyNomad(
  group: readonly ClusterSnapshot[],
  started: { close(): Promise<void> }[],
): Promise<[string, SimulatedCluster][]> {
  const keyring = group.find((s) => s.keyring !== null)?.keyring ?? null;
  // A stack without a region reaches the agent's own, which is the simulator's first.
  const ordered = [...group].sort(
    (a, b) =>
      Number(a.stack.target.product === 'nomad' && a.stack.target.region !== undefined) -
      Number(b.stack.target.product === 'nomad' && b.stack.target.region !== undefined),
  );
  const regions: NomadRegionSpec[] = [...new Map(ordered.map((s) => [s.scope, s])).values()].map((snapshot) => ({
    name: snapshot.scope,
    servers: serverSpecs(snapshot.servers, (name) => name.replace(new RegExp(`\\.${snapshot.scope}$`), '')).map(
      ({ serfStatus, ...s }) => ({ ...s, status: serfStatus ?? 'alive' }),
    ),
    autopilot: settingsOf(snapshot.autopilot),
    ...(snapshot.scheduler ? { scheduler: settingsOf(snapshot.scheduler) } : {}),
  }));
  const keys = keyring ? keysPrimaryFirst(keyring.pools, keyring.keysByFingerprint) : undefined;
  const { startNomadSimulator } = await import('../sim/nomad/index.js');
  const sim: NomadSimulator = await startNomadSimulator({ regions, ...(keys ? { gossip: { keys } } : {}) });
  started.push(sim);
  return group.map((snapshot) => {
    const region = sim.region(snapshot.scope);
    const modifyIndexes = new Map([
      [AUTOPILOT_PATH, [Number(snapshot.autopilot.ModifyIndex), region.autopilotConfig().ModifyIndex] as const],
      ...(snapshot.scheduler
        ? [
            [
              SCHEDULER_CONFIGURATION_PATH,
              [Number(snapshot.scheduler.ModifyIndex), region.schedulerConfig().ModifyIndex] as const,
            ] as const,
          ]
        : []),
    ]);
    const target: Target = {
      product: 'nomad',
      address: sim.url,
      ...(snapshot.stack.target.product === 'nomad' && snapshot.stack.target.region ? { region: snapshot.scope } : {}),
    };
    return [snapshot.stack.name, { target, modifyIndexes, areaIds: new Map() }];
  });
}

/** The raft servers, the leader first (a simulator elects its first alive voter), with health and serf status. */
function serverSpecs(servers: readonly SnapshotServer[], name: (serfName: string) => string): SimServerSpec[] {
  const ordered = [...servers.filter((s) => s.leader), ...servers.filter((s) => !s.leader)];
  return ordered.map((s) => {
    const serfStatus = serfOf(s.serfStatus);
    return {
      id: s.id,
      name: name(s.name),
      address: s.address,
      voter: s.voter,
      healthy: s.healthy || serfStatus !== 'alive',
      serfStatus,
    };
  });
}

/** `leaving` is on its way to `left`; anything else a server is not (`none`, unknown) is treated as failed. */
function serfOf(status: string): SerfStatus {
  return status === 'alive' || status === 'left' || status === 'failed'
    ? status
    : status === 'leaving'
      ? 'left'
      : 'failed';
}

/** A settings object as the simulator's spec takes it: the fields without the raft indexes. */
function settingsOf(object: Readonly<Record<string, unknown>>): Record<string, never> {
  const { CreateIndex: _c, ModifyIndex: _m, ...fields } = object;
  return fields as Record<string, never>;
}

/** The live keys, the one most nodes use as primary first, then by how many nodes hold them. */
function keysPrimaryFirst(pools: readonly KeyringPool[], keys: ReadonlyMap<string, string>): string[] {
  const count = (print: string, of: (p: KeyringPool) => Readonly<Record<string, number>> | null) =>
    pools.reduce((n, p) => n + (of(p)?.[print] ?? 0), 0);
  const prints = [...keys.keys()];
  prints.sort(
    (a, b) =>
      count(b, (p) => p.primaryKeys) - count(a, (p) => p.primaryKeys) ||
      count(b, (p) => p.keys) - count(a, (p) => p.keys) ||
      a.localeCompare(b),
  );
  return prints.map((print) => keys.get(print)!);
}

/** Part `index` of `total` shared among `parts`, each at least 1. */
function share(total: number, parts: number, index: number): number {
  return Math.max(1, Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
