/**
 * Where a stack's requests go: one Consul datacenter or one Nomad region behind one HTTP address.
 * Holds no secret: tokens come from the environment when a client is built.
 */
export interface ConsulTarget {
  readonly product: 'consul';
  /** `host:port` or a URL, as the provider block gave it; absent → CONSUL_HTTP_ADDR, then 127.0.0.1:8500. */
  readonly address?: string;
  /** `http` or `https`, from the provider block's `scheme`. */
  readonly scheme?: 'http' | 'https';
  /** The datacenter every request names with `?dc=`. */
  readonly datacenter: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** A Nomad region, named by the stack's `NomadProvider` block. */
export interface NomadTarget {
  readonly product: 'nomad';
  /** A URL; absent → NOMAD_ADDR, then http://127.0.0.1:4646. */
  readonly address?: string;
  /** The region every request names with `?region=`; absent → NOMAD_REGION, then the agent's own. */
  readonly region?: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export type Target = ConsulTarget | NomadTarget;

/** What every request to a cluster names: Consul's `?dc=`, Nomad's `?region=`. */
export interface RequestScope {
  readonly param: 'dc' | 'region';
  readonly value: string;
}

/**
 * What a saved plan binds a stack to: the address its requests went to (normalised: scheme,
 * lower-case host, explicit port, loopback spelled 127.0.0.1), the datacenter or region they
 * named, and the raft server IDs autopilot health listed there at plan time.
 */
export interface ClusterIdentity {
  readonly address: string;
  /** The Consul datacenter or the Nomad region. */
  readonly scope: string;
  /** Sorted. */
  readonly serverIds: readonly string[];
}
