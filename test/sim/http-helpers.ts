/**
 * Raw-HTTP helpers both simulators' contract tests use; helpers.ts (Consul) and
 * nomad/helpers.ts bind them to their simulator with the product's client defaults.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface CallInit {
  body?: string;
  headers?: Record<string, string>;
}

/** A `call(sim, method, path, init?)` with global fetch; `fetchInit` adds the product client's defaults. */
export function fetchCaller<S extends { url: string }>(fetchInit: (init: CallInit) => RequestInit) {
  return async (sim: S, method: string, path: string, init: CallInit = {}): Promise<RawResponse> => {
    const res = await fetch(sim.url + path, { method, ...fetchInit(init) });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
}

/** node:http, for what fetch hides or refuses: the bytes on the wire (no decompression), a GET with a body. */
export function nodeRaw(
  url: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; agent?: false },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method, headers: opts.headers, agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Starts a simulator, runs `fn`, always closes it. */
export async function withStarted<S extends { close(): Promise<void> }>(
  start: () => Promise<S>,
  fn: (sim: S) => Promise<void>,
): Promise<void> {
  const sim = await start();
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

/** Paths both products serve under the same name. */
export const CONFIG = '/v1/operator/autopilot/configuration';
export const HEALTH = '/v1/operator/autopilot/health';
export const RAFT_CONFIG = '/v1/operator/raft/configuration';
export const RAFT_PEER = '/v1/operator/raft/peer';
export const LEADER = '/v1/status/leader';
