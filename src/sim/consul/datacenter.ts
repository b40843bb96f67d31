/**
 * One simulated Consul datacenter: its servers (raft configuration + serf status),
 * raft log index and term, leader, and the stored autopilot configuration.
 *
 * Invariants from consul-operator-api.md:
 *  - the raft index is per datacenter, monotonic, and advances on every write in it
 *    (§4.5 "Index semantics"), including CAS writes that fail (the log entry is still
 *    committed, only the FSM refuses it);
 *  - a leader exists only while a quorum of voters is alive and no `noLeader` fault is
 *    on; a new leader means a new term and a no-op log entry (raft behaviour);
 *  - a server's reported health follows raft-autopilot's rule in spirit (§4.6): leader
 *    present, serf alive, stats not lagging (the `healthy` control); `StableSince`
 *    moves whenever that result changes (RA state.go buildServerState).
 *
 * And from observed-real-servers.md: a removed raft peer stays in autopilot health
 * (`LastTerm 0, LastIndex 0, Healthy false`, so 429) until autopilot prunes it (§5), and a
 * removed server that still runs stays a serf member with status alive (§4); a dead server
 * keeps its last LastContact (§8).
 */
import {
  buildServers,
  LAGGING_CONTACT_NS,
  RaftGroup,
  type RaftServer,
  type RaftServerSpec,
  type RaftStats,
  type SerfStatus,
} from '../raft-group.js';
import type { RaftTiming } from '../raft-timing.js';
import {
  applyAutopilotPatch,
  autopilotDefaults,
  type AutopilotConfigInput,
  type AutopilotValues,
  type StoredAutopilotConfig,
} from './autopilot-values.js';
import type { SimGossipSpec } from './gossip.js';
import { KvStore } from './kv-store.js';

export type { SerfStatus } from '../raft-group.js';

export interface SimServerSpec extends RaftServerSpec {
  serfStatus?: SerfStatus;
  /** Enterprise: the node meta value under the autopilot `RedundancyZoneTag` (default none). */
  redundancyZone?: string;
  /**
   * The server's catalog node meta, which autopilot state shows as `Meta` (§4.7). Default
   * `{"consul-version": …}` without `consul-network-segment`, as a real 1.21 server was seen to answer
   * (observed-real-servers.md "Smaller differences"; the agent's loadMetadata would add it, empty);
   * null = the node is not registered in the catalog yet (`"Meta":null`).
   */
  nodeMeta?: Record<string, string> | null;
}

export interface SimDatacenterSpec {
  name: string;
  /** Default 3 servers; the first alive voter is the initial leader. */
  servers?: number | SimServerSpec[];
  /** The agent's `autopilot {}` config the first leader writes (defaults for the rest). */
  autopilot?: Partial<AutopilotConfigInput>;
  /** Gossip encryption and pool membership for /v1/operator/keyring (§4.4). */
  gossip?: SimGossipSpec;
}

export interface ConsulServer extends RaftServer {
  serfStatus: SerfStatus;
  /** '' when the server names no zone. */
  redundancyZone: string;
  nodeMeta: Record<string, string> | null;
  /** Stats frozen when the server stopped following the leader. */
  frozenIndex: number;
  frozenTerm: number;
}

/** What `servers()` of the public API returns. */
export interface SimServerInfo {
  id: string;
  name: string;
  address: string;
  voter: boolean;
  leader: boolean;
  serfStatus: SerfStatus;
  healthy: boolean;
}

/** Consul version the simulated servers report (§4.7 example "1.22.0"). */
export const SIM_CONSUL_VERSION = '1.22.0';

/**
 * How long autopilot health keeps listing a removed peer (observed §5) when the simulator is
 * not told otherwise: one autopilot state pass (ServerHealthInterval, 2 s, §4.6).
 */
export const DEFAULT_REMOVED_PRUNE_MS = 2000;

/** A server taken out of the raft configuration, and when. */
interface Departed {
  readonly server: ConsulServer;
  readonly removedAt: number;
  pruned: boolean;
}

const clock = (): number => performance.now();

export class ConsulDatacenter extends RaftGroup<ConsulServer> {
  autopilot: StoredAutopilotConfig;
  /** KV and sessions: what a session-held lock needs. */
  readonly kv: KvStore;
  private departed: Departed[] = [];

  constructor(
    name: string,
    dcIndex: number,
    spec: SimDatacenterSpec,
    timing: RaftTiming,
    /** After how long health stops listing a removed peer; Infinity = only on `pruneDeparted()`. */
    private readonly removedPruneMs = DEFAULT_REMOVED_PRUNE_MS,
  ) {
    const defaults = {
      name: (i: number) => `${name}-server-${i + 1}`,
      idSeed: (server: string) => `node:${name}:${server}`,
      address: (i: number) => `127.0.${dcIndex}.${i + 1}:8300`,
    };
    const servers = buildServers(spec.servers, defaults, timing, (s: SimServerSpec, server) => ({
      ...server,
      serfStatus: s.serfStatus ?? 'alive',
      redundancyZone: s.redundancyZone ?? '',
      nodeMeta: s.nodeMeta === undefined ? { 'consul-version': SIM_CONSUL_VERSION } : s.nodeMeta,
      frozenIndex: 0,
      frozenTerm: 0,
    }));
    super(name, servers, 1, timing);
    this.kv = new KvStore(name, () => this.commit());
    this.elect();
    // establishLeadership writes a few entries (ACL, CA, ...) then the autopilot config.
    this.commit(2);
    const values = applyAutopilotPatch(autopilotDefaults(), spec.autopilot ?? {});
    const index = this.commit();
    this.autopilot = { ...values, CreateIndex: index, ModifyIndex: index };
    this.refreshHealth();
  }

  /** Keeps a leader while it stays alive; otherwise the first alive voter takes over. */
  elect(): void {
    const alive = this.electorate((s) => s.serfStatus === 'alive');
    if (alive === undefined) this.leaderId = undefined;
    else if (!alive.some((s) => s.id === this.leaderId)) this.installLeader(alive[0]!);
    this.refreshHealth();
  }

  isHealthy(s: ConsulServer): boolean {
    return this.leaderId !== undefined && s.serfStatus === 'alive' && s.healthy;
  }

  refreshHealth(): void {
    const now = this.timing.now();
    for (const s of this.servers) {
      const h = this.isHealthy(s);
      this.noteHealth(s, h, now);
      if (h) {
        s.frozenIndex = this.raftIndex;
        s.frozenTerm = this.term;
      }
    }
  }

  /** §4.6: healthy followers are current; every other server is lagging with frozen stats. */
  protected followsLeader(s: ConsulServer): boolean {
    return this.isHealthy(s);
  }

  /** A lagging server's contact grows; a dead one keeps the last value autopilot saw (observed §8). */
  protected staleStats(s: ConsulServer): RaftStats {
    const lastContactNs = s.serfStatus === 'alive' ? LAGGING_CONTACT_NS : s.contactNs;
    return { lastContactNs, lastTerm: s.frozenTerm, lastIndex: s.frozenIndex };
  }

  /** Raft removes the peer; serf and autopilot still know it for a while (observed §4, §5). */
  override removeServer(s: ConsulServer): void {
    super.removeServer(s);
    this.departed.push({ server: s, removedAt: clock(), pruned: false });
  }

  /** Removed peers autopilot health still lists (observed §5), in removal order. */
  listedDeparted(): ConsulServer[] {
    const now = clock();
    return this.departed.filter((d) => !d.pruned && now - d.removedAt < this.removedPruneMs).map((d) => d.server);
  }

  /** Autopilot's pruning pass, on demand. */
  pruneDeparted(): void {
    for (const d of this.departed) d.pruned = true;
  }

  /** Serf members: the raft servers and every removed server (a running one stays alive in serf, §4). */
  serfServers(): ConsulServer[] {
    return [...this.servers, ...this.departed.map((d) => d.server)];
  }

  /**
   * The FSM's autopilot apply (U:agent/consul/state/autopilot.go:90-135): one raft entry
   * either way; with CAS, written only if the stored ModifyIndex equals `cas`. A refused
   * write does not refresh health (frozen stats keep the index from before it).
   */
  writeAutopilot(values: AutopilotValues, cas?: bigint): boolean {
    const index = this.commit();
    if (cas !== undefined && BigInt(this.autopilot.ModifyIndex) !== cas) return false;
    this.autopilot = { ...values, CreateIndex: this.autopilot.CreateIndex, ModifyIndex: index };
    this.refreshHealth();
    return true;
  }

  info(): SimServerInfo[] {
    return this.servers.map((s) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      voter: s.voter,
      leader: s.id === this.leaderId,
      serfStatus: s.serfStatus,
      healthy: this.isHealthy(s),
    }));
  }
}
