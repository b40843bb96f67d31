/** Raw-HTTP helpers for the Nomad simulator contract tests. */
import { request } from 'node:http';
import { startNomadSimulator, type NomadSimulator, type NomadSimulatorOptions } from '../../../src/sim/nomad/index.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One request with global fetch. Sends `Accept-Encoding: identity` unless told
 * otherwise, like opstack's node:http client (fetch would ask for gzip, which Nomad honours).
 */
export async function call(
  sim: NomadSimulator,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const res = await fetch(sim.url + path, {
    method,
    body: init.body,
    headers: { 'accept-encoding': 'identity', ...init.headers },
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** node:http, to see the bytes on the wire (no transparent decompression). */
export function rawCall(
  sim: NomadSimulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(sim.url + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts a simulator, runs `fn`, always closes it. */
export async function withNomad(options: NomadSimulatorOptions, fn: (sim: NomadSimulator) => Promise<void>): Promise<void> {
  const sim = await startNomadSimulator(options);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

export const CONFIG = '/v1/operator/autopilot/configuration';
export const HEALTH = '/v1/operator/autopilot/health';
export const RAFT_CONFIG = '/v1/operator/raft/configuration';
export const RAFT_PEER = '/v1/operator/raft/peer';
export const TRANSFER = '/v1/operator/raft/transfer-leadership';
export const LEADER = '/v1/status/leader';
export const PEERS = '/v1/status/peers';
export const AGENT_HEALTH = '/v1/agent/health';

export const TEXT = 'text/plain; charset=utf-8';
export const JSON_TYPE = 'application/json';
