import type { Target } from '../model/target.js';
import { normaliseBaseUrl } from '../util/cluster-address.js';
import type { Environment } from './connection.js';
import { consulBaseUrl } from './consul-connection.js';
import { nomadBaseUrl } from './nomad-connection.js';

/**
 * The HTTP endpoint a target's requests go to, resolved with the environment as the clients
 * resolve it and normalised (util/cluster-address.ts): two stacks with the same endpoint reach the
 * same agent, however their addresses are spelled. Reads no file and sends nothing.
 */
export function endpointOf(target: Target, env: Environment): string {
  return normaliseBaseUrl(target.product === 'consul' ? consulBaseUrl(target, env) : nomadBaseUrl(target, env));
}
