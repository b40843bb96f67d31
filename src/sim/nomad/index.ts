/**
 * Simulator of Nomad's operator HTTP API (raft, autopilot, readiness) as
 * shared/reference/nomad-operator-api.md describes Nomad v2.0.5: an HTTP server on
 * 127.0.0.1 with several regions behind one address, ACLs, request recording and
 * runtime faults. Plumbing (listen, record, latency/fail/drop, close) is the shared
 * ../http.ts; everything Nomad-specific lives in this folder (see README.md).
 */
import type { FailOptions, RequestMatch } from '../faults.js';
import type { RaftTimingOptions } from '../raft-timing.js';
import { commonFaults, groupControl, simulatorHandle, startSimServer, type PlumbingHandle } from '../sim-wiring.js';
import type { NomadAclSpec } from './acl.js';
import {
  applyAutopilotPatch,
  autopilotOutput,
  type NomadAutopilotInput,
  type NomadAutopilotOutput,
} from './autopilot-values.js';
import { NomadCluster } from './cluster.js';
import type { KeyringOp, NomadGossipSpec, SimNomadGossipNode } from './gossip.js';
import type { NomadRegionSpec, NomadSerfStatus, NomadServerInfo } from './region.js';
import { nomadRoutes } from './routes.js';
import {
  applySchedulerPatch,
  schedulerOutput,
  type NomadSchedulerOutput,
  type NomadSchedulerPatch,
} from './scheduler-values.js';
import { NomadTransport } from './transport.js';

export type { NomadAclSpec, NomadAclTokenSpec, NomadCapability } from './acl.js';
export type { NomadAutopilotInput, NomadAutopilotOutput } from './autopilot-values.js';
export { DEFAULT_GOSSIP_KEY, type KeyringOp, type NomadGossipSpec, type SimNomadGossipNode } from './gossip.js';
export type { NomadSchedulerOutput, NomadSchedulerPatch, PreemptionValues } from './scheduler-values.js';
export type { NomadRegionSpec, NomadSerfStatus, NomadServerInfo, NomadServerSpec } from './region.js';
export type { FailOptions, RequestMatch } from '../faults.js';
export type { RecordedRequest } from '../http.js';
export type { RaftTimingOptions } from '../raft-timing.js';
export { DEFAULT_FAIL_BODY } from '../faults.js';

/** `wallClockNs` and `followerContact` (raft-timing.ts) are the timing of StableSince and LastContact. */
export interface NomadSimulatorOptions extends RaftTimingOptions {
  /** Default `[{ name: 'global' }]`; the first is the agent's own region (empty `?region=`). */
  regions?: NomadRegionSpec[];
  /** Default: ACLs disabled (every request is management). */
  acl?: NomadAclSpec;
  /** Initial per-request latency in ms (also what `faults.reset()` returns to). */
  latencyMs?: number;
  /** Default 0: a free port on 127.0.0.1. */
  port?: number;
  /** The servers' gossip encryption (§3.8), shared by every region: default encrypted with one key. */
  gossip?: NomadGossipSpec;
}

export interface NomadSimulatorFaults {
  /**
   * No leader in `region`: leader-requiring calls wait `holdMs` (Nomad's RPCHoldTimeout
   * is 5 s; default here 0) and fail 500 `No cluster leader`; `?stale` reads still work.
   * Off → a new election (new term, one raft entry).
   */
  noLeader(region: string, on: boolean, opts?: { holdMs?: number }): void;
  latency(ms: number): void;
  /** The next `n` matching requests get `status` (default 500) with a text/plain `body`. */
  failNext(n: number, opts?: FailOptions): void;
  /** The next `n` matching requests have their connection destroyed without a response. */
  dropNext(n: number, opts?: RequestMatch): void;
  /** Clears every fault above (latency back to `options.latencyMs`, leaders back). */
  reset(): void;
}

export interface NomadRegionControl {
  /** The configuration exactly as GET returns it, parsed. */
  autopilotConfig(): NomadAutopilotOutput;
  /** Out-of-band write (another operator): merged over the current config; one raft entry. */
  setAutopilotConfig(patch: Partial<NomadAutopilotInput>): void;
  /** The scheduler configuration exactly as GET's `SchedulerConfig` has it, parsed (§3.6). */
  schedulerConfig(): NomadSchedulerOutput;
  /** Out-of-band write (another operator): merged over the current config; one raft entry. */
  setSchedulerConfig(patch: NomadSchedulerPatch): void;
  /** The region's raft log index (grows with every write). */
  raftIndex(): number;
  /** Simulates `n` ≥ 1 other writes (jobs, evals, ...). */
  bumpRaftIndex(n: number): void;
  /** `healthy` is what autopilot health reports; `name` is the node name (the wire shows `<name>.<region>`). */
  servers(): NomadServerInfo[];
  /**
   * By ID, node name or `<name>.<region>`. `healthy:false` = lagging raft stats; non-alive status = unhealthy;
   * leadership follows.
   */
  setServerHealth(idOrName: string, patch: { healthy?: boolean; status?: NomadSerfStatus }): void;
  /** Like DELETE /v1/operator/raft/peer without HTTP/ACL (throws raft's error for the last voter). */
  removeServer(idOrName: string): void;
  /** A variable of the default namespace: its items and whether a lock holds it, or undefined. */
  variable(path: string): { items: Record<string, string>; locked: boolean } | undefined;
  /** Every variable lock's TTL runs out now, as for a killed holder (its lock-delay still applies). */
  expireLocks(): void;
  /** The server process dies (SIGKILL): serf status `left`, as observed on Nomad (observed §7); leadership follows. */
  killServer(idOrName: string): void;
}

/** The one serf pool of every region's servers (§3.8). */
export interface NomadGossipControl {
  /** Each server's keyring (primary first), `<node>.<region>`, alive or not. */
  keyring(): SimNomadGossipNode[];
  /** Makes a server answer `op` with a failure (`null` clears it; default message `simulated failure`). */
  setNodeFailure(serfName: string, op: KeyringOp, message?: string | null): void;
  /** Replaces one server's keyring (one that missed a change, e.g. while it was down). */
  setNodeKeys(serfName: string, keys: string[]): void;
  /**
   * The server restarts while the next install/use/remove goes out: that write neither counts nor
   * changes it, and it is alive again right after, without the change (no answer says which server).
   */
  missNextChange(serfName: string): void;
}

export interface NomadSimulator extends PlumbingHandle {
  readonly faults: NomadSimulatorFaults;
  readonly gossip: NomadGossipControl;
  /** Control of one region; default: the agent's own (first) region. */
  region(name?: string): NomadRegionControl;
  close(): Promise<void>;
}

export async function startNomadSimulator(options: NomadSimulatorOptions = {}): Promise<NomadSimulator> {
  const { wallClockNs, followerContact } = options;
  const cluster = new NomadCluster(options.regions, options.acl, options.gossip, { wallClockNs, followerContact });
  const { server, transport, initialLatency } = await startSimServer({
    app: new NomadTransport(cluster, nomadRoutes),
    latencyMs: options.latencyMs,
    host: '127.0.0.1',
    port: options.port,
  });
  const groups = { get: (name: string) => cluster.region(name), all: () => cluster.regions.values() };
  const faults: NomadSimulatorFaults = commonFaults(transport, initialLatency, groups, () =>
    cluster.gossip.clearNodeFailures(),
  );
  const gossip: NomadGossipControl = {
    keyring: () => cluster.gossip.keyring(),
    setNodeFailure: (name, op, message) => cluster.gossip.setNodeFailure(name, op, message),
    setNodeKeys: (name, keys) => cluster.gossip.setNodeKeys(name, keys),
    missNextChange: (name) => cluster.gossip.missNextChange(name),
  };

  const region = (name: string = cluster.defaultRegion): NomadRegionControl => {
    const r = cluster.region(name);
    const { control, find } = groupControl(r, {
      where: `region ${r.name}`,
      output: autopilotOutput,
      patch: applyAutopilotPatch,
      afterBump: () => r.refresh(),
    });
    return {
      ...control,
      schedulerConfig: () => schedulerOutput(r.scheduler, r.schedulerAbsent),
      setSchedulerConfig(patch) {
        r.writeScheduler(applySchedulerPatch(r.scheduler, patch));
      },
      setServerHealth(idOrName, patch) {
        const s = find(idOrName);
        if (patch.healthy !== undefined) s.healthy = patch.healthy;
        if (patch.status !== undefined) s.status = patch.status;
        r.elect(); // a failed leader or a lost quorum changes leadership
      },
      variable(path) {
        const v = r.variables.get(path);
        return v && { items: { ...v.items }, locked: v.lock !== undefined };
      },
      expireLocks: () => r.variables.expireLocks(),
      killServer(idOrName) {
        find(idOrName).status = 'left';
        r.elect();
      },
    };
  };

  return simulatorHandle(server, { faults, gossip, region, close: () => server.close() });
}
