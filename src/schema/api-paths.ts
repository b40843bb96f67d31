/** Operator API paths opstack uses (consul-operator-api.md §1; Nomad shares these, nomad-operator-api.md §1.1). */
export const AUTOPILOT_PATH = '/v1/operator/autopilot/configuration';
export const KEYRING_PATH = '/v1/operator/keyring';
export const AREA_PATH = '/v1/operator/area';
export const RAFT_CONFIGURATION_PATH = '/v1/operator/raft/configuration';
export const RAFT_PEER_PATH = '/v1/operator/raft/peer';
export const AUTOPILOT_HEALTH_PATH = '/v1/operator/autopilot/health';
/** Nomad only (nomad-operator-api.md §3.6). */
export const SCHEDULER_CONFIGURATION_PATH = '/v1/operator/scheduler/configuration';
