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
export const KEYRING = '/v1/operator/keyring';
export const AREA = '/v1/operator/area';

/** Like `call` via node:http, for what fetch refuses (a GET with a body). */
export async function rawCall(sim: Simulator, method: string, path: string, body: string): Promise<{ status: number; text: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(sim.url + path, { method, headers: { 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
