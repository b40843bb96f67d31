/** Raw-HTTP helpers for the Nomad simulator contract tests. */
import { startNomadSimulator, type NomadSimulator, type NomadSimulatorOptions } from '../../../src/sim/nomad/index.js';
import { fetchCaller, nodeRaw, withStarted } from '../http-helpers.js';

export type { RawResponse } from '../http-helpers.js';
export { CONFIG, HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER } from '../http-helpers.js';

/**
 * One request with global fetch. Sends `Accept-Encoding: identity` unless told
 * otherwise, like opstack's node:http client (fetch would ask for gzip, which Nomad honours).
 */
export const call = fetchCaller<NomadSimulator>((init) => ({
  body: init.body,
  headers: { 'accept-encoding': 'identity', ...init.headers },
  redirect: 'manual',
}));

/** node:http, to see the bytes on the wire (no transparent decompression). */
export function rawCall(
  sim: NomadSimulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return nodeRaw(sim.url, method, path, { headers, agent: false });
}

/** Starts a simulator, runs `fn`, always closes it. */
export async function withNomad(
  options: NomadSimulatorOptions,
  fn: (sim: NomadSimulator) => Promise<void>,
): Promise<void> {
  return withStarted(() => startNomadSimulator(options), fn);
}

export const TRANSFER = '/v1/operator/raft/transfer-leadership';
export const PEERS = '/v1/status/peers';
export const AGENT_HEALTH = '/v1/agent/health';

export const TEXT = 'text/plain; charset=utf-8';
export const JSON_TYPE = 'application/json';
