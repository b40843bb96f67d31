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

/** One server as Consul's autopilot state lists it (consul-operator-api.md §4.7). */
export interface AutopilotStateServer {
  readonly id: string;
  readonly name: string;
  /** `leader`, `voter`, `non-voter`, `staging` or `none`. */
  readonly status: string;
  /** Serf: `alive`, `left`, `failed` or `unknown`. */
  readonly nodeStatus: string;
  readonly healthy: boolean;
  /** When the server last became healthy, as the server wrote it (RFC 3339). */
  readonly stableSince: string;
  readonly version: string;
  readonly readReplica: boolean;
  /** Enterprise, when the server is in a redundancy zone. */
  readonly redundancyZone: string | null;
  /** Enterprise: the version autopilot's upgrade migration sees for the server. */
  readonly upgradeVersion: string | null;
}

/** A redundancy zone (Enterprise); servers are named by server name where the state lists them, else raft ID. */
export interface AutopilotZoneStatus {
  readonly name: string;
  readonly servers: readonly string[];
  readonly voters: readonly string[];
  readonly failureTolerance: number;
}

/** Autopilot's upgrade migration (Enterprise), servers named as in zones; lists the state leaves out are empty. */
export interface AutopilotUpgradeStatus {
  /** `idle`, `await-new-voters`, `promoting`, `demoting`, `leader-transfer`, `await-new-servers`, ... */
  readonly status: string;
  readonly targetVersion: string | null;
  readonly targetVersionVoters: readonly string[];
  readonly targetVersionNonVoters: readonly string[];
  readonly targetVersionReadReplicas: readonly string[];
  readonly otherVersionVoters: readonly string[];
  readonly otherVersionNonVoters: readonly string[];
  readonly otherVersionReadReplicas: readonly string[];
}

/** Consul's `GET /v1/operator/autopilot/state`; the Enterprise parts are null where the answer has none. */
export interface AutopilotState {
  readonly healthy: boolean;
  readonly failureTolerance: number;
  readonly optimisticFailureTolerance: number;
  /** The leader's server name (its raft ID if the state does not list it); null without a leader. */
  readonly leader: string | null;
  /** Voters in autopilot's order (leader first), named as in zones. */
  readonly voters: readonly string[];
  readonly readReplicas: readonly string[] | null;
  readonly redundancyZones: readonly AutopilotZoneStatus[] | null;
  readonly upgrade: AutopilotUpgradeStatus | null;
  /** By server name. */
  readonly servers: readonly AutopilotStateServer[];
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
  /** null for Nomad (it has no such endpoint) and for Consul before 1.9. */
  readonly autopilotState: AutopilotState | null;
}

export type StackStatus =
  { readonly ok: true; readonly status: ClusterStatus } | ({ readonly ok: false } & StackFailure);
