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
import { createHash } from 'node:crypto';
import {
  applyAutopilotPatch,
  autopilotDefaults,
  type AutopilotValues,
  type NomadAutopilotInput,
  type StoredAutopilotConfig,
} from './autopilot-values.js';

export type NomadSerfStatus = 'alive' | 'left' | 'failed';

export interface NomadServerSpec {
  id?: string;
  /** Node name; the wire shows the serf name `<name>.<region>` (§3.1). */
  name: string;
  address?: string;
  /** false = raft stats lagging (LastContact 1m0s, index/term frozen). */
  healthy?: boolean;
  status?: NomadSerfStatus;
  voter?: boolean;
}

export interface NomadRegionSpec {
  name: string;
  /** Default 3; the first alive voter is the initial leader. */
  servers?: number | NomadServerSpec[];
  /** Applied over the defaults when the first leader writes the config. */
  autopilot?: Partial<NomadAutopilotInput>;
}

export interface NomadServer {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  voter: boolean;
  status: NomadSerfStatus;
  /** Control knob: false = stats lagging. */
  healthy: boolean;
  reportedHealthy: boolean | undefined;
  stableSince: Date;
  /** Stats as last seen while the server followed the leader. */
  frozen: RaftStats;
}

export interface RaftStats {
  lastContactNs: bigint;
  lastTerm: number;
  lastIndex: number;
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
/** A following server's LastContact; a lagging one's. */
const FOLLOWER_CONTACT_NS = 10_000_000n;
const LAGGING_CONTACT_NS = 60_000_000_000n;
const UINT64_MASK = (1n << 64n) - 1n;

/** A stable UUID-shaped id derived from a seed, so simulated ids are deterministic. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class NomadRegion {
  readonly servers: NomadServer[];
  raftIndex = 1;
  /** Raft index of the latest configuration entry (§3.1 `Index`). */
  configIndex = 1;
  term = 0;
  leaderId: string | undefined;
  /** `faults.noLeader` and how long leader-requiring RPCs wait for one (RPCHoldTimeout, §1.6). */
  leaderless = false;
  holdMs = 0;
  autopilot: StoredAutopilotConfig;

  constructor(
    readonly name: string,
    regionIndex: number,
    spec: NomadRegionSpec,
  ) {
    const specs: NomadServerSpec[] =
      typeof spec.servers === 'number' || spec.servers === undefined
        ? Array.from({ length: spec.servers ?? 3 }, (_, i) => ({ name: `server-${i + 1}` }))
        : spec.servers;
    const now = new Date();
    this.servers = specs.map((s, i) => ({
      id: s.id ?? uuidFrom(`nomad:${name}:${s.name}`),
      name: s.name,
      address: s.address ?? `127.0.${regionIndex}.${i + 1}:4647`,
      voter: s.voter ?? true,
      status: s.status ?? 'alive',
      healthy: s.healthy ?? true,
      reportedHealthy: undefined,
      stableSince: now,
      frozen: { lastContactNs: FOLLOWER_CONTACT_NS, lastTerm: 0, lastIndex: 1 },
    }));
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
    this.commit(2);
    this.refresh(now);
  }

  /** Appends `n` ≥ 1 raft log entries; returns the new last index. */
  commit(n = 1): number {
    this.raftIndex += Math.max(1, Math.floor(n));
    return this.raftIndex;
  }

  leader(): NomadServer | undefined {
    return this.servers.find((s) => s.id === this.leaderId);
  }

  /** By raft ID, node name or serf name (`<name>.<region>`). */
  find(idOrName: string): NomadServer | undefined {
    return this.servers.find((s) => s.id === idOrName || s.name === idOrName || this.serfName(s) === idOrName);
  }

  serfName(s: NomadServer): string {
    return `${s.name}.${this.name}`;
  }

  /** Region forwarding picks any alive server of the region (§1.3 `No path to region`). */
  reachable(): boolean {
    return this.servers.some((s) => s.status === 'alive');
  }

  /** Re-runs leader election after any topology or fault change; a new leader = new term + no-op entry. */
  elect(): void {
    const voters = this.servers.filter((s) => s.voter);
    const alive = voters.filter((s) => s.status === 'alive');
    if (this.leaderless || voters.length === 0 || alive.length < Math.floor(voters.length / 2) + 1) {
      this.leaderId = undefined;
    } else {
      const preferred = alive.filter((s) => s.healthy);
      const current = alive.find((s) => s.id === this.leaderId);
      const keep = current !== undefined && (current.healthy || preferred.length === 0);
      if (!keep) {
        this.leaderId = (preferred[0] ?? alive[0])!.id;
        this.term += 1;
        this.commit();
      }
    }
    this.refresh();
  }

  /** Following the leader with fresh stats (the leader itself included). */
  private isCurrent(s: NomadServer): boolean {
    if (this.leaderId === undefined) return false;
    return s.id === this.leaderId || (s.status === 'alive' && s.healthy);
  }

  /** Raft stats as autopilot fetched them (§3.5). */
  stats(s: NomadServer): RaftStats {
    if (s.id === this.leaderId) return { lastContactNs: 0n, lastTerm: this.term, lastIndex: this.raftIndex };
    if (this.isCurrent(s)) return { lastContactNs: FOLLOWER_CONTACT_NS, lastTerm: this.term, lastIndex: this.raftIndex };
    // Alive but lagging: stale contact. Not alive: autopilot keeps the last stats it fetched.
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
  refresh(now = new Date()): void {
    for (const s of this.servers) {
      if (this.isCurrent(s)) s.frozen = this.stats(s);
      const h = this.isHealthy(s);
      if (h !== s.reportedHealthy) {
        s.reportedHealthy = h;
        s.stableSince = now;
      }
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

  /** A successful leadership transfer: the target leads in a new term. */
  transferLeadership(target: NomadServer): void {
    this.leaderId = target.id;
    this.term += 1;
    this.commit();
    this.refresh();
  }

  /** raft.RemoveServer (RF:configuration.go:220): refuses a configuration without voters. */
  removeServer(s: NomadServer): void {
    const rest = this.servers.filter((x) => x !== s);
    if (!rest.some((x) => x.voter)) {
      const rendered = rest.map((x) => `{${x.voter ? 'Voter' : 'Nonvoter'} ${x.id} ${x.address}}`).join(' ');
      throw new Error(`need at least one voter in configuration: {[${rendered}]}`);
    }
    this.servers.splice(this.servers.indexOf(s), 1);
    this.configIndex = this.commit();
    this.elect(); // a removed leader steps down
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
