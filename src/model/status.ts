import type { StackFailure } from './report.js';
import type { Target } from './target.js';

/** One raft server, with what autopilot health says of it. */
export interface ServerStatus {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly leader: boolean;
  readonly voter: boolean;
  /** From autopilot health; null when health did not list the server. */
  readonly healthy: boolean | null;
  readonly serfStatus: string | null;
  readonly lastContact: string | null;
}

export interface AreaMemberStatus {
  readonly name: string;
  readonly address: string;
  readonly datacenter: string;
  readonly status: string;
  /** Round-trip time in milliseconds (Consul reports nanoseconds). */
  readonly rttMs: number;
  readonly build: string;
}

export interface AreaStatus {
  readonly id: string;
  readonly peerDatacenter: string;
  readonly retryJoin: readonly string[];
  readonly useTls: boolean;
  readonly members: readonly AreaMemberStatus[];
}

/** What `opstack status` shows for one stack's cluster. */
export interface ClusterStatus {
  readonly stack: string;
  readonly target: Target;
  readonly leader: string | null;
  readonly servers: readonly ServerStatus[];
  readonly healthy: boolean;
  readonly failureTolerance: number;
  /** null when the cluster has no area endpoints (Consul CE) or is Nomad. */
  readonly areas: readonly AreaStatus[] | null;
}

export type StackStatus = { readonly ok: true; readonly status: ClusterStatus } | ({ readonly ok: false } & StackFailure);
