/**
 * What both public entry points (index.ts for Consul, nomad/index.ts for Nomad) wire the
 * same way: the HTTP server with its transport faults, the fault controls every product
 * has, the control methods of one raft group (datacenter / region), and the handle's
 * request log. Product-only controls (keyring, areas, ...) are added by the caller.
 */
import { TransportFaults, type FailOptions, type RequestMatch } from './faults.js';
import { startHttpServer, type RecordedRequest, type RunningHttpServer, type SimApp, type SimTlsSpec } from './http.js';

export interface SimServerOptions {
  app: SimApp;
  /** Initial per-request latency in ms (also what `reset()` returns to). */
  latencyMs?: number;
  host: string;
  port?: number;
  tls?: SimTlsSpec;
}

/** Listens with a fresh set of transport faults; `initialLatency` is what `reset()` restores. */
export async function startSimServer(
  opts: SimServerOptions,
): Promise<{ server: RunningHttpServer; transport: TransportFaults; initialLatency: number }> {
  const transport = new TransportFaults();
  const initialLatency = opts.latencyMs ?? 0;
  transport.latencyMs = initialLatency;
  const server = await startHttpServer({
    app: opts.app,
    faults: transport,
    host: opts.host,
    port: opts.port ?? 0,
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
  return { server, transport, initialLatency };
}

/** What the faults need of a raft group (raft-group.ts). */
interface FaultableGroup {
  setLeaderless(on: boolean, holdMs?: number): void;
}

/**
 * The faults both products offer. `reset` clears the transport faults, runs the
 * product's own `resetProduct`, then brings every group's leader back.
 */
export function commonFaults(
  transport: TransportFaults,
  initialLatency: number,
  groups: { get(name: string): FaultableGroup; all(): Iterable<FaultableGroup> },
  resetProduct: () => void = () => {},
) {
  return {
    noLeader(name: string, on: boolean, opts?: { holdMs?: number }) {
      groups.get(name).setLeaderless(on, opts?.holdMs ?? 0);
    },
    latency(ms: number) {
      transport.latencyMs = ms;
    },
    failNext: (n: number, opts?: FailOptions) => transport.failNext(n, opts),
    dropNext: (n: number, opts?: RequestMatch) => transport.dropNext(n, opts),
    reset() {
      transport.reset();
      transport.latencyMs = initialLatency;
      resetProduct();
      for (const g of groups.all()) g.setLeaderless(false);
    },
  };
}

/** What the control methods need of a raft group with its stored autopilot config. */
interface ControlledGroup<S, Stored, Values, Info> {
  readonly raftIndex: number;
  autopilot: Stored;
  commit(n: number): number;
  find(idOrName: string): S | undefined;
  removeServer(s: S): void;
  writeAutopilot(values: Values): boolean;
  info(): Info[];
}

export interface GroupControl<Out, Patch, Info> {
  autopilotConfig(): Out;
  setAutopilotConfig(patch: Partial<Patch>): void;
  raftIndex(): number;
  bumpRaftIndex(n: number): void;
  servers(): Info[];
  removeServer(idOrName: string): void;
}

/**
 * The control methods both products' group controls have, plus `find`, which throws
 * `simulator: no server "<x>" in <where>` (an unknown server is a test bug).
 */
export function groupControl<S, Stored, Values, Info, Out, Patch>(
  g: ControlledGroup<S, Stored, Values, Info>,
  opts: {
    where: string;
    output(c: Stored): Out;
    patch(c: Stored, patch: Partial<Patch>): Values;
    /** Runs after `bumpRaftIndex` commits (Nomad advances follower stats there; Consul does not). */
    afterBump?(): void;
  },
): { control: GroupControl<Out, Patch, Info>; find(idOrName: string): S } {
  const find = (idOrName: string): S => {
    const s = g.find(idOrName);
    if (s === undefined) throw new Error(`simulator: no server ${JSON.stringify(idOrName)} in ${opts.where}`);
    return s;
  };
  const control: GroupControl<Out, Patch, Info> = {
    autopilotConfig: () => opts.output(g.autopilot),
    setAutopilotConfig(patch) {
      g.writeAutopilot(opts.patch(g.autopilot, patch));
    },
    raftIndex: () => g.raftIndex,
    bumpRaftIndex(n) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`bumpRaftIndex: n must be an integer ≥ 1, got ${n}`);
      g.commit(n);
      opts.afterBump?.();
    },
    servers: () => g.info(),
    removeServer(idOrName) {
      g.removeServer(find(idOrName));
    },
  };
  return { control, find };
}

/** The plumbing half of both products' public simulator handles. */
export interface PlumbingHandle {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** e.g. `127.0.0.1:41234` */
  readonly address: string;
  /** Every request in arrival order (a copy); `status` 0 = dropped or still in flight. */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
}

/** The handle: address and the request log (a getter, so each read is a fresh copy), then `extra`. */
export function simulatorHandle<E extends object>(server: RunningHttpServer, extra: E): PlumbingHandle & NoInfer<E> {
  return {
    url: server.url,
    address: server.address,
    get requests() {
      return server.requests;
    },
    clearRequests: () => server.clearRequests(),
    ...extra,
  };
}
