/** Raw-HTTP helpers for the simulator contract tests. */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { fetchCaller, nodeRaw, withStarted } from './http-helpers.js';

export type { RawResponse } from './http-helpers.js';
export { CONFIG, HEALTH, LEADER, RAFT_CONFIG, RAFT_PEER } from './http-helpers.js';

/** One request with global fetch, with fetch's own defaults (gzip accepted, redirects followed). */
export const call = fetchCaller<Simulator>((init) => ({ body: init.body, headers: init.headers }));

/** Starts a simulator, runs `fn`, always closes it. */
export async function withSim(options: SimulatorOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  return withStarted(() => startSimulator(options), fn);
}

export const STATE = '/v1/operator/autopilot/state';
export const KEYRING = '/v1/operator/keyring';
export const AREA = '/v1/operator/area';

/** Like `call` via node:http, for what fetch refuses (a GET with a body). */
export async function rawCall(
  sim: Simulator,
  method: string,
  path: string,
  body: string,
): Promise<{ status: number; text: string }> {
  const headers = { 'Content-Length': String(Buffer.byteLength(body)) };
  const res = await nodeRaw(sim.url, method, path, { headers, body });
  return { status: res.status, text: res.body.toString('utf8') };
}
