/**
 * The raft model both products share (a Consul datacenter, a Nomad region): servers in
 * raft configuration order, one monotonic log index and a term, a leader that exists
 * only while a quorum of voters is serf-alive and no `noLeader` fault is on, the RPC
 * hold, and raft-autopilot's bookkeeping (StableSince, FailureTolerance, SortServers).
 * What differs between the products stays in their subclasses: the serf-status field
 * name, bootstrap entries, whom an election prefers, the health rule and raft stats.
 */
import { sleep } from './http.js';
import type { RaftTiming } from './raft-timing.js';
import { uuidFrom } from './uuid.js';

export type SerfStatus = 'alive' | 'left' | 'failed';

export interface RaftServerSpec {
  id?: string;
  name: string;
  address?: string;
  healthy?: boolean;
  voter?: boolean;
}

export interface RaftServer {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  voter: boolean;
  /** Control knob: false = raft stats lagging/stale, so autopilot reports it unhealthy. */
  healthy: boolean;
  /** Health as last computed, and when it last changed in Unix ns (RA state.go buildServerState). */
  reportedHealthy: boolean | undefined;
  stableSince: bigint;
  /** LastContact as autopilot last fetched it while the server followed (a dead one keeps it, observed §8). */
  contactNs: bigint;
}

export interface RaftStats {
  lastContactNs: bigint;
  lastTerm: number;
  lastIndex: number;
}

/** A lagging server's LastContact (synthetic, see README); a following one's comes from RaftTiming. */
export const LAGGING_CONTACT_NS = 60_000_000_000n;

/** How a group names and places the servers its spec does not spell out. */
export interface ServerDefaults {
  /** Name of the i-th server when the spec gives only a count. */
  name(i: number): string;
  /** Seed of a server's deterministic ID (uuidFrom) when the spec gives none. */
  idSeed(serverName: string): string;
  address(i: number): string;
}

/**
 * The group's servers from its spec: a count (default 3) becomes that many servers
 * named by `defaults`; `extend` adds the product's own fields to the shared ones.
 */
export function buildServers<T extends RaftServerSpec, S extends RaftServer>(
  servers: number | T[] | undefined,
  defaults: ServerDefaults,
  timing: RaftTiming,
  extend: (spec: T, server: RaftServer) => S,
): S[] {
  const now = timing.now();
  const specs =
    typeof servers === 'number' || servers === undefined
      ? Array.from({ length: servers ?? 3 }, (_, i) => ({ name: defaults.name(i) }) as T)
      : servers;
  return specs.map((s, i) =>
    extend(s, {
      id: s.id ?? uuidFrom(defaults.idSeed(s.name)),
      name: s.name,
      address: s.address ?? defaults.address(i),
      voter: s.voter ?? true,
      healthy: s.healthy ?? true,
      reportedHealthy: undefined,
      stableSince: now,
      contactNs: timing.followerContact(),
    }),
  );
}

/**
 * The raft configuration's `Index`: real Consul (dev and 3 servers) and Nomad (1 and 3 servers) answer 0
 * (observed-real-servers.md "Smaller differences"), not the index of the latest configuration entry
 * that consul-operator-api.md §4.1 and nomad-operator-api.md §3.1 describe.
 */
export const CONFIGURATION_INDEX = 0;

/** raft's quorum: a strict majority of the voters. */
const quorum = (voters: number): number => Math.floor(voters / 2) + 1;

export abstract class RaftGroup<S extends RaftServer> {
  raftIndex = 1; // the bootstrap configuration entry
  leaderId: string | undefined;
  /** `faults.noLeader` state, and how long leader-requiring RPCs wait for a leader (the RPC hold). */
  leaderless = false;
  holdMs = 0;

  protected constructor(
    readonly name: string,
    readonly servers: S[],
    public term: number,
    protected readonly timing: RaftTiming,
  ) {}

  /** Re-runs the election after any topology or fault change. */
  abstract elect(): void;
  /** What autopilot reports for the server now. */
  abstract isHealthy(s: S): boolean;
  /** The server replicates from the leader with fresh stats. */
  protected abstract followsLeader(s: S): boolean;
  /** Stats of a server that does not follow (lagging, or as autopilot last saw it). */
  protected abstract staleStats(s: S): RaftStats;

  /** Appends `n` ≥ 1 raft log entries; returns the new last index. */
  commit(n = 1): number {
    this.raftIndex += Math.max(1, Math.floor(n));
    return this.raftIndex;
  }

  leader(): S | undefined {
    return this.servers.find((s) => s.id === this.leaderId);
  }

  find(idOrName: string): S | undefined {
    return this.servers.find((s) => this.aliases(s).includes(idOrName));
  }

  /** The names `find` accepts for a server. */
  protected aliases(s: S): string[] {
    return [s.id, s.name];
  }

  /** The `noLeader` fault; turning it off (or `reset()`) also clears the hold. */
  setLeaderless(on: boolean, holdMs = 0): void {
    this.leaderless = on;
    this.holdMs = on ? holdMs : 0;
    this.elect();
  }

  /** Leader-requiring RPCs retry for the hold time, then fail (rpc_hold_timeout / RPCHoldTimeout). */
  async awaitLeader(): Promise<void> {
    const deadline = Date.now() + this.holdMs;
    while (this.leaderId === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('No cluster leader');
      await sleep(Math.min(10, left));
    }
  }

  /** The alive voters that may elect a leader, or undefined when none can be elected now. */
  protected electorate(isAlive: (s: S) => boolean): S[] | undefined {
    const voters = this.servers.filter((s) => s.voter);
    const alive = voters.filter(isAlive);
    if (this.leaderless || voters.length === 0 || alive.length < quorum(voters.length)) return undefined;
    return alive;
  }

  /** A new leader means a new term and its no-op log entry (raft behaviour). */
  protected installLeader(s: S): void {
    this.leaderId = s.id;
    this.term += 1;
    this.commit();
  }

  /** StableSince moves whenever the reported health changes. */
  protected noteHealth(s: S, healthy: boolean, now: bigint): void {
    if (healthy !== s.reportedHealthy) {
      s.reportedHealthy = healthy;
      s.stableSince = now;
    }
  }

  /**
   * Autopilot fetches every server's raft stats again, as for each health or state read: a
   * following server's LastContact is new (it varies between reads unless fixed, RaftTiming).
   */
  fetchStats(): void {
    for (const s of this.servers)
      if (s.id !== this.leaderId && this.followsLeader(s)) s.contactNs = this.timing.followerContact();
  }

  /** Raft stats as autopilot last fetched them: the leader and its followers are current. */
  stats(s: S): RaftStats {
    if (s.id === this.leaderId) return { lastContactNs: 0n, lastTerm: this.term, lastIndex: this.raftIndex };
    if (this.followsLeader(s)) return { lastContactNs: s.contactNs, lastTerm: this.term, lastIndex: this.raftIndex };
    return this.staleStats(s);
  }

  /** RA raft.go requiredQuorum and state.go: FailureTolerance = healthy voters beyond quorum. */
  failureTolerance(): number {
    const voters = this.servers.filter((s) => s.voter);
    const healthy = voters.filter((s) => this.isHealthy(s)).length;
    return Math.max(0, healthy - quorum(voters.length));
  }

  /** The voters in RA SortServers order: leader, voters, healthy, longest stable, then ID. */
  rankedVoters(): S[] {
    const less = (a: S, b: S): boolean => {
      if (a.id === this.leaderId) return true;
      if (b.id === this.leaderId) return false;
      if (a.voter !== b.voter) return a.voter;
      const ha = this.isHealthy(a);
      const hb = this.isHealthy(b);
      if (ha !== hb) return ha;
      if (a.stableSince < b.stableSince) return ha;
      if (b.stableSince < a.stableSince) return !ha;
      return a.id < b.id;
    };
    return this.servers.filter((s) => s.voter).sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
  }

  /**
   * raft.RemoveServer (RF configuration.go:220): refuses a configuration without voters;
   * a removed leader steps down and the rest elect a new one.
   */
  removeServer(s: S): void {
    const rest = this.servers.filter((x) => x !== s);
    if (!rest.some((x) => x.voter)) {
      const rendered = rest.map((x) => `{${x.voter ? 'Voter' : 'Nonvoter'} ${x.id} ${x.address}}`).join(' ');
      throw new Error(`need at least one voter in configuration: {[${rendered}]}`);
    }
    this.servers.splice(this.servers.indexOf(s), 1);
    this.commit(); // the new configuration is a log entry
    this.elect();
  }
}
