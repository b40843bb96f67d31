/** Raw-HTTP helpers for the simulator contract tests. */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function call(
  sim: Simulator,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const res = await fetch(sim.url + path, { method, body: init.body, headers: init.headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Starts a simulator, runs `fn`, always closes it. */
export async function withSim(options: SimulatorOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

export const CONFIG = '/v1/operator/autopilot/configuration';
export const HEALTH = '/v1/operator/autopilot/health';
export const STATE = '/v1/operator/autopilot/state';
export const RAFT_CONFIG = '/v1/operator/raft/configuration';
export const RAFT_PEER = '/v1/operator/raft/peer';
export const LEADER = '/v1/status/leader';
