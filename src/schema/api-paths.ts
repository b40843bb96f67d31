/** Operator API paths opstack uses (consul-operator-api.md §1; Nomad shares these, nomad-operator-api.md §1.1). */
export const AUTOPILOT_PATH = '/v1/operator/autopilot/configuration';
export const KEYRING_PATH = '/v1/operator/keyring';
export const AREA_PATH = '/v1/operator/area';
export const RAFT_CONFIGURATION_PATH = '/v1/operator/raft/configuration';
export const RAFT_PEER_PATH = '/v1/operator/raft/peer';
export const AUTOPILOT_HEALTH_PATH = '/v1/operator/autopilot/health';
/** Consul only, since 1.9 (consul-operator-api.md §4.7; Nomad has none, nomad-operator-api.md §3.10). */
export const AUTOPILOT_STATE_PATH = '/v1/operator/autopilot/state';
/**
 * The agent's serf members, read only to name the nodes a keyring wait gave up on: Consul's (numeric
 * `Status`, `?wan=1` for the WAN pool) and Nomad's (`{Members: […]}`, text `Status`) have the same path.
 */
export const AGENT_MEMBERS_PATH = '/v1/agent/members';
/** Nomad only (nomad-operator-api.md §3.6). */
export const SCHEDULER_CONFIGURATION_PATH = '/v1/operator/scheduler/configuration';

/** A keyring write: how each product spells install, use and remove. */
export interface KeyringWrite {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
}

/**
 * The gossip keyring calls of each product: Consul's one path with a method per operation
 * (consul-operator-api.md §4.4), Nomad's path per operation under /v1/agent/keyring, where any
 * method works and its Go client sends PUT (nomad-operator-api.md §3.8).
 */
export const KEYRING_API: Readonly<
  Record<'consul' | 'nomad', { list: string } & Record<'install' | 'use' | 'remove', KeyringWrite>>
> = {
  consul: {
    list: KEYRING_PATH,
    install: { method: 'POST', path: KEYRING_PATH },
    use: { method: 'PUT', path: KEYRING_PATH },
    remove: { method: 'DELETE', path: KEYRING_PATH },
  },
  nomad: {
    list: '/v1/agent/keyring/list',
    install: { method: 'PUT', path: '/v1/agent/keyring/install' },
    use: { method: 'PUT', path: '/v1/agent/keyring/use' },
    remove: { method: 'PUT', path: '/v1/agent/keyring/remove' },
  },
};
