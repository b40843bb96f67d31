import type {
  ConsulAutopilotLive,
  ConsulAutopilotSettings,
  NomadAutopilotLive,
  NomadAutopilotSettings,
} from './autopilot.js';
import type { DeclaredKey, KeyringPool } from './keyring.js';
import type { NomadSchedulerLive } from './nomad-scheduler.js';

/** Terraform resource types opstack manages. */
export type ResourceType = DesiredResource['type'];

/** Identity of a declared resource: `<stack>/<type>.<name>`, e.g. `dc1/consul_autopilot_config.autopilot`. */
export interface ResourceRef {
  readonly stack: string;
  readonly type: ResourceType;
  /** The logical id in the synthesised JSON. */
  readonly name: string;
  /** The construct path, to point users back at their code. */
  readonly constructPath: string;
  /** The Consul datacenter (or Nomad region) its requests name. */
  readonly datacenter: string;
}

/** A declared autopilot configuration: only the fields the stack sets are managed. */
export interface DesiredConsulAutopilot extends ResourceRef {
  readonly type: 'consul_autopilot_config';
  readonly declared: Readonly<Partial<ConsulAutopilotSettings>>;
}

/** A declared gossip keyring: exactly these keys, the first one primary. */
export interface DesiredConsulKeyring extends ResourceRef {
  readonly type: 'opstack_consul_gossip_keyring';
  /** Primary first; at least one. */
  readonly keys: readonly DeclaredKey[];
  /** `?relay-factor` for writes (0–5), when declared. */
  readonly relayFactor?: number;
}

/**
 * A declared Nomad gossip keyring: the keys every server must hold, the first one primary. One
 * serf pool joins the servers of every federated region, so it is the federation's keyring.
 */
export interface DesiredNomadKeyring extends ResourceRef {
  readonly type: 'opstack_nomad_gossip_keyring';
  /** Primary first; at least one. */
  readonly keys: readonly DeclaredKey[];
}

export type DesiredGossipKeyring = DesiredConsulKeyring | DesiredNomadKeyring;

/** A declared network area (Consul Enterprise), identified by its peer: Consul allows one area per peer. */
export interface DesiredConsulNetworkArea extends ResourceRef {
  readonly type: 'consul_network_area';
  readonly peerDatacenter: string;
  /** Managed only when declared. */
  readonly retryJoin?: readonly string[];
  /** Managed only when declared. */
  readonly useTls?: boolean;
}

/**
 * The stack owns every network area of its datacenter: live areas it does not declare are
 * planned for deletion. Without it, undeclared areas are left alone.
 */
export interface DesiredConsulAreaOwnership extends ResourceRef {
  readonly type: 'opstack_consul_network_area_ownership';
  /** Peers of the areas the stack declares in this datacenter (filled in by the loader). */
  readonly declaredPeers: readonly string[];
}

/** A declared Nomad autopilot configuration: only the fields the stack sets are managed. */
export interface DesiredNomadAutopilot extends ResourceRef {
  readonly type: 'opstack_nomad_autopilot_config';
  readonly declared: Readonly<Partial<NomadAutopilotSettings>>;
}

export type DesiredAutopilot = DesiredConsulAutopilot | DesiredNomadAutopilot;

/**
 * A declared Nomad scheduler configuration: only the attributes the stack sets are managed, by
 * their Terraform names (nested ones dotted: `preemption_config.batch_scheduler_enabled`).
 */
export interface DesiredNomadScheduler extends ResourceRef {
  readonly type: 'nomad_scheduler_config';
  readonly declared: Readonly<Record<string, boolean | string>>;
}

/**
 * A raft peer named in a stack: by raft ID, or by raft address (resolved to an ID by reading).
 * `allowLive` opts in to removing it although it still runs (healthy, or serf alive).
 */
export type PeerRef = ({ readonly id: string } | { readonly address: string }) & { readonly allowLive?: boolean };

/** Raft peers that must not be in the raft configuration of a Consul datacenter or Nomad region. */
export interface DesiredRaftPeersAbsent extends ResourceRef {
  readonly type: 'opstack_raft_peers_absent';
  readonly product: 'consul' | 'nomad';
  readonly peers: readonly PeerRef[];
  /** The lowest failure tolerance a removal may leave; unset: a removal must not lower it at all. */
  readonly minFailureTolerance?: number;
}

export type DesiredResource =
  | DesiredConsulAutopilot
  | DesiredNomadAutopilot
  | DesiredNomadScheduler
  | DesiredConsulKeyring
  | DesiredNomadKeyring
  | DesiredConsulNetworkArea
  | DesiredConsulAreaOwnership
  | DesiredRaftPeersAbsent;

/**
 * A server as autopilot health lists it (consul-operator-api.md §4.6, nomad-operator-api.md
 * §3.5), the fields risk notes need.
 */
export interface AutopilotServer {
  readonly ID: string;
  readonly Name: string;
  /** `alive`, `leaving`, `left`, `failed` or `none`. */
  readonly SerfStatus: string;
  readonly Healthy: boolean;
  readonly Voter: boolean;
  readonly Leader: boolean;
  readonly LastIndex: number;
}

/** What a read found for a resource. */
export interface LiveConsulAutopilot {
  readonly type: 'consul_autopilot_config';
  readonly config: Readonly<ConsulAutopilotLive>;
  /** Autopilot health, read only when a declared field has a risk that depends on it; else null. */
  readonly servers: readonly AutopilotServer[] | null;
}

/** The keyring as every pool reports it, keys as fingerprints. */
export interface LiveConsulKeyring {
  readonly type: 'opstack_consul_gossip_keyring';
  readonly pools: readonly KeyringPool[];
  /**
   * Servers of the datacenter that autopilot health reports failed or left: a keyring query
   * neither counts nor reaches them. Null when the token may not read autopilot health.
   */
  readonly failedServers: readonly string[] | null;
}

/** Nomad's one pool of servers, keys as fingerprints; it does not report primaries. */
export interface LiveNomadKeyring {
  readonly type: 'opstack_nomad_gossip_keyring';
  readonly pools: readonly KeyringPool[];
}

export type LiveGossipKeyring = LiveConsulKeyring | LiveNomadKeyring;

/** A network area as `GET /v1/operator/area` lists it (consul-operator-api.md §4.8). */
export interface ConsulArea {
  readonly ID: string;
  readonly PeerDatacenter: string;
  readonly RetryJoin: readonly string[] | null;
  readonly UseTLS: boolean;
}

/** The live area with the declared peer, or null when there is none. */
export interface LiveConsulNetworkArea {
  readonly type: 'consul_network_area';
  readonly area: ConsulArea | null;
}

/** A member of a network area as `GET /v1/operator/area/<id>/members` lists it (§4.8). */
export interface AreaMember {
  readonly Name: string;
  readonly Datacenter: string;
  readonly Status: string;
}

/** Every live area of the datacenter. */
export interface LiveConsulAreaOwnership {
  readonly type: 'opstack_consul_network_area_ownership';
  readonly areas: readonly ConsulArea[];
  /** Area ID → its members, read only for areas the stack does not declare (those it will delete). */
  readonly members: Readonly<Record<string, readonly AreaMember[]>>;
}

export interface LiveNomadAutopilot {
  readonly type: 'opstack_nomad_autopilot_config';
  readonly config: Readonly<NomadAutopilotLive>;
  /** As for Consul: autopilot health when a declared field needs it, else null. */
  readonly servers: readonly AutopilotServer[] | null;
}

export type LiveAutopilot = LiveConsulAutopilot | LiveNomadAutopilot;

export interface LiveNomadScheduler {
  readonly type: 'nomad_scheduler_config';
  readonly config: NomadSchedulerLive;
}

/** A server in the raft configuration (consul-operator-api.md §4.1, nomad-operator-api.md §3.1). */
export interface RaftServer {
  readonly ID: string;
  readonly Node: string;
  readonly Address: string;
  readonly Leader: boolean;
  readonly Voter: boolean;
}

/** Autopilot's view of one server (consul-operator-api.md §4.6, nomad-operator-api.md §3.5). */
export interface ServerHealth {
  readonly healthy: boolean;
  /** `alive`, `left`, `failed`, `leaving` or `none`, as the server reports it. */
  readonly serfStatus: string;
}

/** What the removal guards need: the raft configuration, autopilot's health of each server, MinQuorum. */
export interface LiveRaftPeers {
  readonly type: 'opstack_raft_peers_absent';
  readonly servers: readonly RaftServer[];
  /** Raft ID → health, as autopilot reports it; it may list servers already removed (observed §5). */
  readonly health: Readonly<Record<string, ServerHealth>>;
  readonly minQuorum: number;
}

export type LiveResource =
  | LiveConsulAutopilot
  | LiveNomadAutopilot
  | LiveNomadScheduler
  | LiveConsulKeyring
  | LiveNomadKeyring
  | LiveConsulNetworkArea
  | LiveConsulAreaOwnership
  | LiveRaftPeers;
