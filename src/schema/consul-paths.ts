/** Consul operator API paths opstack uses (consul-operator-api.md §1). */
export const AUTOPILOT_PATH = '/v1/operator/autopilot/configuration';
export const KEYRING_PATH = '/v1/operator/keyring';
export const AREA_PATH = '/v1/operator/area';
