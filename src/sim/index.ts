/**
 * The opstack operator-API simulator (DESIGN.md "The simulator"): an HTTP server on
 * 127.0.0.1 that answers like Consul CE's /v1/operator API as
 * shared/reference/consul-operator-api.md describes it, records every request, and
 * lets tests switch faults at runtime. This module is the public surface; products
 * live in sub-folders (consul/: operator endpoints, gossip keyring, Enterprise areas).
 */
import type { SimAclSpec } from './consul/acl.js';
import type { StoredArea } from './consul/area-model.js';
import { ConsulCluster, type ConsulEdition } from './consul/cluster.js';
import { applyAutopilotPatch, autopilotOutput } from './consul/autopilot-values.js';
import type { AutopilotConfigInput, AutopilotConfigOutput } from './consul/autopilot-values.js';
import type { SerfStatus, SimDatacenterSpec, SimServerInfo } from './consul/datacenter.js';
import type { KeyringOp, SimKeyringPool } from './consul/gossip.js';
import { consulRoutes } from './consul/routes.js';
import { ConsulTransport } from './consul/transport.js';
import type { FailOptions, RequestMatch } from './faults.js';
import type { RaftTimingOptions } from './raft-timing.js';
import type { SimTlsSpec } from './http.js';
import { commonFaults, groupControl, simulatorHandle, startSimServer, type PlumbingHandle } from './sim-wiring.js';

export type { AutopilotConfigInput, AutopilotConfigOutput } from './consul/autopilot-values.js';
export type { SimAclSpec, SimAclToken } from './consul/acl.js';
export type { SerfStatus, SimDatacenterSpec, SimServerInfo, SimServerSpec } from './consul/datacenter.js';
export type { ConsulEdition } from './consul/cluster.js';
export type { KeyringOp, SimGossipSpec, SimKeyringPool } from './consul/gossip.js';
export { DEFAULT_GOSSIP_KEY, DEFAULT_NODE_FAILURE } from './consul/gossip.js';
export type { FailOptions, RequestMatch } from './faults.js';
export type { RecordedRequest, SimTlsSpec } from './http.js';
export type { RaftTimingOptions } from './raft-timing.js';
export { DEFAULT_FAIL_BODY } from './faults.js';

/** `wallClockNs` and `followerContact` (raft-timing.ts) are the timing of StableSince and LastContact. */
export interface SimulatorOptions extends RaftTimingOptions {
  /** Default `[{ name: 'dc1' }]`; the first one is the agent's own datacenter. */
  datacenters?: SimDatacenterSpec[];
  acl?: SimAclSpec;
  /** Initial per-request latency in ms (also what `faults.reset()` returns to). */
  latencyMs?: number;
  host?: '127.0.0.1';
  /** Default 0: a free port. */
  port?: number;
  /** Serve HTTPS (as an agent with `tls.https` configured does). */
  tls?: SimTlsSpec;
  /** Default 'ce'. 'enterprise' adds the network-area endpoints (§4.8); nothing else changes. */
  edition?: ConsulEdition;
  /**
   * Default 0. A keyring write's effect reaches each gossip member only after this delay,
   * member i of n at delay*(i+1)/n, so a GET right after it shows partial coverage (§4.4).
   */
  keyringPropagationMs?: number;
  /**
   * Default 2000 (one autopilot pass). How long `/v1/operator/autopilot/health` keeps listing a
   * removed raft peer with `LastTerm 0, LastIndex 0, Healthy false` and answers 429
   * (observed-real-servers.md §5); `Infinity` = until `consul(dc).pruneRemovedPeers()`.
   */
  removedPeerPruneMs?: number;
  /**
   * Default false. true answers like `consul agent -dev`, which indents every JSON body (no
   * trailing newline unless `?pretty`), as a real dev agent was seen to (consul-operator-api.md §2.4,
   * observed-real-servers.md "Smaller differences"); non-dev Consul is compact.
   */
  devMode?: boolean;
}

export interface SimulatorFaults {
  /**
   * No leader in `dc`: leader-requiring calls fail with 500 `No cluster leader` after
   * `holdMs` (Consul's rpc_hold_timeout, default here 0; a leader that returns within
   * the hold lets the call succeed), `/v1/status/leader` answers `""`, and `?stale`
   * health reads get the empty, unhealthy autopilot state. Off → a new election (new term).
   */
  noLeader(dc: string, on: boolean, opts?: { holdMs?: number }): void;
  latency(ms: number): void;
  /** The next `n` matching requests get `status` (default 500) with `body` (default `rpc error: internal`). */
  failNext(n: number, opts?: FailOptions): void;
  /** The next `n` matching requests have their connection destroyed without a response. */
  dropNext(n: number, opts?: RequestMatch): void;
  /** Changes the keyring propagation delay for later writes (see `SimulatorOptions.keyringPropagationMs`). */
  setKeyringPropagation(ms: number): void;
  /** Every keyring change still on its way reaches its member now, as if the propagation delay had passed. */
  propagateKeyringNow(): void;
  /**
   * Clears every fault above (latency back to `options.latencyMs`, keyring propagation back to
   * `options.keyringPropagationMs`) and every keyring node failure and lag.
   */
  reset(): void;
}

/** A network area as `GET /v1/operator/area` shows it (§4.8). */
export interface SimArea {
  id: string;
  peerDatacenter: string;
  /** null when it was omitted at creation (the API then shows `"RetryJoin":null`). */
  retryJoin: string[] | null;
  useTls: boolean;
}

export interface ConsulDatacenterControl {
  /** The configuration as GET returns it, parsed. */
  autopilotConfig(): AutopilotConfigOutput;
  /** Out-of-band write (as if another operator wrote it): patch over the current config, bumps the raft index. */
  setAutopilotConfig(patch: Partial<AutopilotConfigInput>): void;
  /** Simulates `n` ≥ 1 other writes in this datacenter (KV, catalog, ...). */
  bumpRaftIndex(n: number): void;
  raftIndex(): number;
  servers(): SimServerInfo[];
  /**
   * `name` may also be the raft ID. `healthy: false` = raft stats lagging; serf `failed`/`left` also makes it
   * unhealthy.
   */
  setServerHealth(name: string, patch: { healthy?: boolean; serfStatus?: SerfStatus }): void;
  /**
  /**
   * `killServer`, and the keyring as observed right after a Consul server dies
   * (observed-real-servers.md §3): for `stillCountedMs` (default 30 s) every
   * keyring list waits `answerDelayMs` (default 8 s) and then fails with 500
   * `1 error occurred: * WAN error: 2/3 nodes reported success`.
   */
  memberDied(name: string, opts?: { stillCountedMs?: number; answerDelayMs?: number }): void;
  /**
   * Like `DELETE /v1/operator/raft/peer`, without HTTP/ACL (throws the same raft error for the
   * last voter). As on a real server, the removed server stays a serf member (alive if it was:
   * the keyring still counts it, observed §4) and health lists it until pruned (§5).
   */
  removeServer(idOrName: string): void;
  /** A KV entry as stored (value as UTF-8, the holding session or ""), or undefined. */
  kvEntry(key: string): { value: string; session: string; lockIndex: number } | undefined;
  /** Sessions alive now (after TTL expiry), by ID. */
  sessions(): string[];
  /** Every TTL session's TTL runs out now, as for a killed holder: its lock-delay starts, its keys go. */
  expireSessions(): void;
  /** Autopilot's pruning pass now: health stops listing removed peers (observed §5). */
  pruneRemovedPeers(): void;
  /** The server process dies (SIGKILL): serf `failed`, last LastContact kept (observed §8); leadership follows. */
  killServer(idOrName: string): void;
  /**
   * This datacenter's gossip pools as the members hold them now (pending propagation not
   * yet applied): the WAN pool entry lists only this datacenter's servers (`<node>.<dc>`),
   * so the views of all datacenters partition the WAN pool; then the LAN pool (servers,
   * then clients). No WAN entry when `gossip.wan` is false. Keys are primary first.
   */
  keyring(): SimKeyringPool[];
  /**
   * Makes the gossip member `node` (a LAN name like `dc1-server-1` / `dc1-client-2`, or a
   * WAN name like `dc1-server-1.dc1`) fail `op` with `message` (default `simulated failure`)
   * until cleared with `null`. A failing member's keyring is not changed.
   */
  setKeyringNodeFailure(node: string, op: KeyringOp, message?: string | null): void;
  /**
   * The gossip member `node` (named as for `setKeyringNodeFailure`) gets keyring changes `ms` later
   * than the others (`Infinity`: never on its own). It still answers queries at once, so it is counted
   * but lacks the change, and no answer says which member that is. `null` clears it (what is queued
   * lands now); `faults.reset()` and `propagateKeyringNow()` land it too.
   */
  setKeyringNodeLag(node: string, ms: number | null): void;
  /**
   * A client agent's serf status (`dc1-client-2`): one that is not `alive` is not counted by keyring
   * queries and misses their changes, and `/v1/agent/members` shows its status. Servers: `setServerHealth`.
   */
  setClientStatus(name: string, status: SerfStatus): void;
  /** Enterprise only: the areas of this datacenter, sorted by ID. */
  areas(): SimArea[];
  /** Enterprise only: creates an area out of band, with the same rules as POST; returns its ID. */
  createArea(area: { peerDatacenter: string; retryJoin?: string[] | null; useTls?: boolean }): string;
}

export interface Simulator extends PlumbingHandle {
  readonly faults: SimulatorFaults;
  /** Control of one datacenter; default: the agent's own (first) datacenter. */
  consul(dc?: string): ConsulDatacenterControl;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const initialPropagation = options.keyringPropagationMs ?? 0;
  const cluster = new ConsulCluster(options.datacenters, options.acl, {
    edition: options.edition ?? 'ce',
    keyringPropagationMs: initialPropagation,
    removedPeerPruneMs: options.removedPeerPruneMs,
    timing: { wallClockNs: options.wallClockNs, followerContact: options.followerContact },
  });
  const { server, transport, initialLatency } = await startSimServer({
    app: new ConsulTransport(cluster, consulRoutes(cluster.edition), options.devMode),
    latencyMs: options.latencyMs,
    host: options.host ?? '127.0.0.1',
    port: options.port,
    tls: options.tls,
  });

  const groups = { get: (name: string) => cluster.dc(name), all: () => cluster.datacenters.values() };
  const faults: SimulatorFaults = {
    ...commonFaults(transport, initialLatency, groups, () => {
      cluster.gossip.setPropagation(initialPropagation);
      cluster.gossip.clearNodeFailures();
    }),
    setKeyringPropagation: (ms) => cluster.gossip.setPropagation(ms),
    propagateKeyringNow: () => cluster.gossip.propagateNow(),
  };

  const enterprise = () => {
    if (cluster.edition !== 'enterprise') throw new Error("simulator: network areas need `edition: 'enterprise'`");
    return cluster.areas;
  };

  const consul = (dcName: string = cluster.defaultDc): ConsulDatacenterControl => {
    const dc = cluster.dc(dcName);
    const { control, find } = groupControl(dc, { where: dc.name, output: autopilotOutput, patch: applyAutopilotPatch });
    return {
      ...control,
      setServerHealth(name, patch) {
        const s = find(name);
        if (patch.healthy !== undefined) s.healthy = patch.healthy;
        if (patch.serfStatus !== undefined) s.serfStatus = patch.serfStatus;
        dc.elect(); // a failed leader or lost quorum changes leadership
      },
      pruneRemovedPeers: () => dc.pruneDeparted(),
      kvEntry(key) {
        const entry = dc.kv.get(key);
        return entry && { value: entry.value.toString('utf8'), session: entry.session, lockIndex: entry.lockIndex };
      },
      sessions() {
        dc.kv.sweep();
        return [...dc.kv.sessions.keys()];
      },
      expireSessions: () => dc.kv.expireAll(),
      killServer(idOrName) {
        find(idOrName).serfStatus = 'failed';
        dc.elect();
      },
      memberDied(name, opts) {
        find(name).serfStatus = 'failed';
        dc.elect();
        cluster.gossip.markRecentlyDied(opts?.stillCountedMs ?? 30_000, opts?.answerDelayMs ?? 8_000);
      },
      keyring: () => cluster.gossip.keyring(dc.name),
      setKeyringNodeFailure(node, op, message) {
        cluster.gossip.setNodeFailure(dc.name, node, op, message);
      },
      setKeyringNodeLag: (node, ms) => cluster.gossip.setNodeLag(dc.name, node, ms),
      setClientStatus: (name, status) => cluster.gossip.setClientStatus(dc.name, name, status),
      areas: () => enterprise().list(dc.name).map(areaView),
      createArea(area) {
        const store = enterprise();
        if (area.peerDatacenter === '') throw new Error('Must specify a peer datacenter');
        return store.create(dc, {
          peerDatacenter: area.peerDatacenter,
          retryJoin: area.retryJoin ?? null,
          useTls: area.useTls ?? false,
        });
      },
    };
  };

  return simulatorHandle(server, {
    faults,
    consul,
    async close() {
      cluster.close();
      await server.close();
    },
  });
}

function areaView(a: StoredArea): SimArea {
  return { id: a.id, peerDatacenter: a.peerDatacenter, retryJoin: a.retryJoin, useTls: a.useTls };
}
