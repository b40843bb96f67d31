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
 */
import { uuidFrom } from './acl.js';
import {
  applyAutopilotPatch,
  autopilotDefaults,
  type AutopilotConfigInput,
  type AutopilotValues,
  type StoredAutopilotConfig,
} from './autopilot-values.js';
import type { SimGossipSpec } from './gossip.js';

export type SerfStatus = 'alive' | 'left' | 'failed';

export interface SimServerSpec {
  id?: string;
  name: string;
  address?: string;
  healthy?: boolean;
  serfStatus?: SerfStatus;
  voter?: boolean;
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

export interface ConsulServer {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  voter: boolean;
  serfStatus: SerfStatus;
  /** Control knob: false = raft stats lagging/stale, so autopilot reports it unhealthy. */
  healthy: boolean;
  /** Health as last computed, and when it last changed. */
  reportedHealthy: boolean | undefined;
  stableSince: Date;
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

export class ConsulDatacenter {
  readonly servers: ConsulServer[];
  raftIndex = 1; // the bootstrap configuration entry
  /** Raft index of the latest configuration entry (§4.1 `Index`). */
  configIndex = 1;
  term = 1;
  leaderId: string | undefined;
  /** `faults.noLeader` state, and how long leader-requiring RPCs wait (rpc_hold_timeout). */
  leaderless = false;
  holdMs = 0;
  autopilot: StoredAutopilotConfig;

  constructor(
    readonly name: string,
    dcIndex: number,
    spec: SimDatacenterSpec,
  ) {
    const specs: SimServerSpec[] =
      typeof spec.servers === 'number' || spec.servers === undefined
        ? Array.from({ length: spec.servers ?? 3 }, (_, i) => ({ name: `${name}-server-${i + 1}` }))
        : spec.servers;
    const now = new Date();
    this.servers = specs.map((s, i) => ({
      id: s.id ?? uuidFrom(`node:${name}:${s.name}`),
      name: s.name,
      address: s.address ?? `127.0.${dcIndex}.${i + 1}:8300`,
      voter: s.voter ?? true,
      serfStatus: s.serfStatus ?? 'alive',
      healthy: s.healthy ?? true,
      reportedHealthy: undefined,
      stableSince: now,
      frozenIndex: 0,
      frozenTerm: 0,
    }));
    this.elect();
    // establishLeadership writes a few entries (ACL, CA, ...) then the autopilot config.
    this.commit(2);
    const values = applyAutopilotPatch(autopilotDefaults(), spec.autopilot ?? {});
    const index = this.commit();
    this.autopilot = { ...values, CreateIndex: index, ModifyIndex: index };
    this.refreshHealth(now);
  }

  /** Appends `n` ≥ 1 raft log entries; returns the new last index. */
  commit(n = 1): number {
    this.raftIndex += Math.max(1, Math.floor(n));
    return this.raftIndex;
  }

  leader(): ConsulServer | undefined {
    return this.servers.find((s) => s.id === this.leaderId);
  }

  find(idOrName: string): ConsulServer | undefined {
    return this.servers.find((s) => s.id === idOrName || s.name === idOrName);
  }

  /** Re-runs the election rule after any topology or fault change. */
  elect(): void {
    const voters = this.servers.filter((s) => s.voter);
    const alive = voters.filter((s) => s.serfStatus === 'alive');
    if (this.leaderless || voters.length === 0 || alive.length < Math.floor(voters.length / 2) + 1) {
      this.leaderId = undefined;
    } else if (!alive.some((s) => s.id === this.leaderId)) {
      this.leaderId = alive[0]!.id;
      this.term += 1;
      this.commit(); // the new leader's no-op entry
    }
    this.refreshHealth(new Date());
  }

  isHealthy(s: ConsulServer): boolean {
    return this.leaderId !== undefined && s.serfStatus === 'alive' && s.healthy;
  }

  refreshHealth(now: Date): void {
    for (const s of this.servers) {
      const h = this.isHealthy(s);
      if (h !== s.reportedHealthy) {
        s.reportedHealthy = h;
        s.stableSince = now;
      }
      if (h) {
        s.frozenIndex = this.raftIndex;
        s.frozenTerm = this.term;
      }
    }
  }

  /** Raft stats as autopilot fetched them (§4.6): the leader and healthy followers are current. */
  stats(s: ConsulServer): { lastContactNs: bigint; lastTerm: number; lastIndex: number } {
    if (s.id === this.leaderId) return { lastContactNs: 0n, lastTerm: this.term, lastIndex: this.raftIndex };
    if (this.isHealthy(s)) return { lastContactNs: 10_000_000n, lastTerm: this.term, lastIndex: this.raftIndex };
    return { lastContactNs: 60_000_000_000n, lastTerm: s.frozenTerm, lastIndex: s.frozenIndex };
  }

  /**
   * The FSM's autopilot apply (U:agent/consul/state/autopilot.go:90-135): one raft entry
   * either way; with CAS, written only if the stored ModifyIndex equals `cas`.
   */
  writeAutopilot(values: AutopilotValues, cas?: bigint): boolean {
    const index = this.commit();
    if (cas !== undefined && BigInt(this.autopilot.ModifyIndex) !== cas) return false;
    this.autopilot = { ...values, CreateIndex: this.autopilot.CreateIndex, ModifyIndex: index };
    this.refreshHealth(new Date());
    return true;
  }

  /**
   * raft.RemoveServer (RF configuration.go:220): refuses a configuration without voters;
   * a removed leader steps down and the rest elect a new one.
   */
  removeServer(s: ConsulServer): void {
    const rest = this.servers.filter((x) => x !== s);
    if (!rest.some((x) => x.voter)) {
      const rendered = rest.map((x) => `{${x.voter ? 'Voter' : 'Nonvoter'} ${x.id} ${x.address}}`).join(' ');
      throw new Error(`need at least one voter in configuration: {[${rendered}]}`);
    }
    this.servers.splice(this.servers.indexOf(s), 1);
    this.configIndex = this.commit();
    this.elect();
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
