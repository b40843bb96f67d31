/**
 * One simulated Nomad region: its servers (raft configuration + serf status), the
 * region's raft log index and term, the leader, and the stored autopilot config.
 *
 * Invariants (nomad-operator-api.md §4):
 *  - one monotonically increasing raft index per region; every write consumes one,
 *    including a failed autopilot CAS, a peer removal and a new leader's no-op;
 *  - bootstrap: index 1 = initial raft configuration, 2 = first leader's no-op,
 *    3 = autopilot config (CreateIndex), 4 = scheduler config, 5 = root key (§1.6 order;
 *    the exact numbers on a real agent are UNCONFIRMED);
 *  - a leader exists while a quorum of voters is serf-alive and no `noLeader` fault is on;
 *  - health follows raft-autopilot's rule (§3.5) against the *current* autopilot config,
 *    so e.g. a zero-filled `LastContactThreshold` makes every follower unhealthy.
 */
import { buildServers, LAGGING_CONTACT_NS, RaftGroup } from '../raft-group.js';
import type { RaftServer, RaftServerSpec, RaftStats, SerfStatus } from '../raft-group.js';
import type { RaftTiming } from '../raft-timing.js';
import {
  applyAutopilotPatch,
  autopilotDefaults,
  type AutopilotValues,
  type NomadAutopilotInput,
  type StoredAutopilotConfig,
} from './autopilot-values.js';
import {
  applySchedulerPatch,
  schedulerDefaults,
  type NomadSchedulerPatch,
  type SchedulerValues,
  type StoredSchedulerConfig,
} from './scheduler-values.js';
import { VariableStore } from './variable-store.js';

export type { RaftStats } from '../raft-group.js';

export type NomadSerfStatus = SerfStatus;

export interface NomadServerSpec extends RaftServerSpec {
  /** Node name; the wire shows the serf name `<name>.<region>` (§3.1). */
  name: string;
  /** false = raft stats lagging (LastContact 1m0s, index/term frozen). */
  healthy?: boolean;
  status?: NomadSerfStatus;
}

export interface NomadRegionSpec {
  name: string;
  /** Default 3; the first alive voter is the initial leader. */
  servers?: number | NomadServerSpec[];
  /** Applied over the defaults when the first leader writes the config. */
  autopilot?: Partial<NomadAutopilotInput>;
  /** The agent's `server.default_scheduler_config`, applied over the defaults (§3.6). */
  scheduler?: NomadSchedulerPatch;
  /**
   * Scheduler fields this server version lacks: absent from GET, ignored in a PUT, e.g.
   * `['NodeLimitForFeasibilityChecks']` for v2.0.0 (§5). Default: none (v2.0.5).
   */
  schedulerFieldsAbsent?: string[];
}

export interface NomadServer extends RaftServer {
  status: NomadSerfStatus;
  /** Stats as last seen while the server followed the leader. */
  frozen: RaftStats;
}

export interface NomadServerInfo {
  id: string;
  name: string;
  address: string;
  leader: boolean;
  voter: boolean;
  healthy: boolean;
  status: NomadSerfStatus;
}

/** What the simulated servers report as `Version` (§3.5 example). */
export const SIM_NOMAD_VERSION = '2.0.5';
/** The serf tag `raft_vsn` every simulated server carries (§3.1 `RaftProtocol`, a string). */
export const SIM_RAFT_PROTOCOL = '3';
const UINT64_MASK = (1n << 64n) - 1n;

export class NomadRegion extends RaftGroup<NomadServer> {
  autopilot: StoredAutopilotConfig;
  scheduler: StoredSchedulerConfig;
  readonly schedulerAbsent: ReadonlySet<string>;
  /** Variables of the default namespace, with their locks (/v1/var). */
  readonly variables: VariableStore;
  /** How many servers the region started with (what `bootstrap_expect` says). */
  readonly configuredServers: number;

  constructor(name: string, regionIndex: number, spec: NomadRegionSpec, timing: RaftTiming) {
    const defaults = {
      name: (i: number) => `server-${i + 1}`,
      idSeed: (server: string) => `nomad:${name}:${server}`,
      address: (i: number) => `127.0.${regionIndex}.${i + 1}:4647`,
    };
    const servers = buildServers(spec.servers, defaults, timing, (s: NomadServerSpec, server) => ({
      ...server,
      status: s.status ?? 'alive',
      frozen: { lastContactNs: server.contactNs, lastTerm: 0, lastIndex: 1 },
    }));
    super(name, servers, 0, timing);
    this.configuredServers = servers.length;
    this.variables = new VariableStore(name, () => this.commit());
    for (const key of ['id', 'name', 'address'] as const) {
      const seen = new Set(this.servers.map((s) => s[key]));
      if (seen.size !== this.servers.length) throw new Error(`simulator: duplicate server ${key} in region ${name}`);
    }
    const values = applyAutopilotPatch(autopilotDefaults(), spec.autopilot ?? {});
    this.autopilot = { ...values, CreateIndex: 0, ModifyIndex: 0 };
    this.elect();
    // establishLeadership: autopilot config, then scheduler config and the root key (§1.6).
    // Written even if the spec leaves the region without a leader (simplification).
    const index = this.commit();
    this.autopilot = { ...values, CreateIndex: index, ModifyIndex: index };
    const schedulerIndex = this.commit();
    const scheduler = applySchedulerPatch(schedulerDefaults(), spec.scheduler ?? {});
    this.scheduler = { ...scheduler, CreateIndex: schedulerIndex, ModifyIndex: schedulerIndex };
    this.schedulerAbsent = new Set(spec.schedulerFieldsAbsent ?? []);
    this.commit(); // the root key
    this.refresh();
  }

  /** By raft ID, node name or serf name (`<name>.<region>`). */
  protected override aliases(s: NomadServer): string[] {
    return [s.id, s.name, this.serfName(s)];
  }

  serfName(s: NomadServer): string {
    return `${s.name}.${this.name}`;
  }

  /** Region forwarding picks any alive server of the region (§1.3 `No path to region`). */
  reachable(): boolean {
    return this.servers.some((s) => s.status === 'alive');
  }

  /** Keeps a healthy alive leader; otherwise a healthy alive voter is preferred over a lagging one. */
  elect(): void {
    const alive = this.electorate((s) => s.status === 'alive');
    if (alive === undefined) {
      this.leaderId = undefined;
    } else {
      const preferred = alive.filter((s) => s.healthy);
      const current = alive.find((s) => s.id === this.leaderId);
      const keep = current !== undefined && (current.healthy || preferred.length === 0);
      if (!keep) this.installLeader((preferred[0] ?? alive[0])!);
    }
    this.refresh();
  }

  /** Following the leader with fresh stats (the leader itself included). */
  protected followsLeader(s: NomadServer): boolean {
    if (this.leaderId === undefined) return false;
    return s.id === this.leaderId || (s.status === 'alive' && s.healthy);
  }

  /** §3.5: alive but lagging → stale contact; not alive → the last stats autopilot fetched. */
  protected staleStats(s: NomadServer): RaftStats {
    return s.status === 'alive' ? { ...s.frozen, lastContactNs: LAGGING_CONTACT_NS } : s.frozen;
  }

  /** raft-autopilot's isHealthy (RA:types.go:110-137) against the current config. */
  isHealthy(s: NomadServer): boolean {
    if (this.leaderId === undefined || s.status !== 'alive') return false;
    const st = this.stats(s);
    const c = this.autopilot;
    if (st.lastContactNs < 0n || st.lastContactNs > c.LastContactThreshold) return false;
    if (st.lastTerm !== this.term) return false;
    // uint64 arithmetic: a huge MaxTrailingLogs wraps around, as in Go.
    return ((BigInt(st.lastIndex) + c.MaxTrailingLogs) & UINT64_MASK) >= BigInt(this.raftIndex);
  }

  /** Call after every mutation: followers' stats advance, StableSince moves on health changes. */
  refresh(): void {
    const now = this.timing.now();
    for (const s of this.servers) {
      if (this.followsLeader(s)) s.frozen = this.stats(s);
      this.noteHealth(s, this.isHealthy(s), now);
    }
  }

  /** The FSM's autopilot apply (§3.4): one raft entry either way; with CAS, written only on a ModifyIndex match. */
  writeAutopilot(values: AutopilotValues, cas?: bigint): boolean {
    const index = this.commit();
    const applied = cas === undefined || BigInt(this.autopilot.ModifyIndex) === cas;
    if (applied) this.autopilot = { ...values, CreateIndex: this.autopilot.CreateIndex, ModifyIndex: index };
    this.refresh();
    return applied;
  }

  /** The FSM's scheduler apply (§3.6): like autopilot's, and the reply names this entry's index. */
  writeScheduler(values: SchedulerValues, cas?: bigint): { applied: boolean; index: number } {
    const index = this.commit();
    const applied = cas === undefined || BigInt(this.scheduler.ModifyIndex) === cas;
    if (applied) this.scheduler = { ...values, CreateIndex: this.scheduler.CreateIndex, ModifyIndex: index };
    this.refresh();
    return { applied, index };
  }

  /** A successful leadership transfer: the target leads in a new term. */
  transferLeadership(target: NomadServer): void {
    this.installLeader(target);
    this.refresh();
  }

  info(): NomadServerInfo[] {
    return this.servers.map((s) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      leader: s.id === this.leaderId,
      voter: s.voter,
      healthy: this.isHealthy(s),
      status: s.status,
    }));
  }
}
