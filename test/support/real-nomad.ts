import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startAgent } from './real-agent.js';

/** A single-server `nomad agent` on loopback ports (nomad-operator-api.md §8), for the contract tests. */
export interface RealNomad {
  readonly url: string;
  readonly region: string;
  stop(): Promise<void>;
}

export interface RealNomadOptions {
  /** Gossip encryption with this key (`server { encrypt }`, §3.8). */
  readonly encrypt?: string;
  /** ACLs on (`acl { enabled = true }`), bootstrapped with this management secret (a UUID, §8). */
  readonly managementToken?: string;
}

/**
 * Starts the binary named by OPSTACK_NOMAD_BIN as a server-only agent: -dev always runs a client
 * too (§8).
 */
export async function startRealNomad(
  binary: string,
  { encrypt, managementToken }: RealNomadOptions = {},
): Promise<RealNomad> {
  const [http, rpc, serf] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'opstack-nomad-'));
  const config = join(dir, 'server.hcl');
  writeFileSync(
    config,
    `data_dir = "${join(dir, 'data')}"\nbind_addr = "127.0.0.1"\ndisable_update_check = true\n` +
      `advertise { http = "127.0.0.1"\n rpc = "127.0.0.1"\n serf = "127.0.0.1" }\n` +
      `ports { http = ${http}\n rpc = ${rpc}\n serf = ${serf} }\n` +
      `server { enabled = true\n bootstrap_expect = ` +
      `1${encrypt ? `\n encrypt = "${encrypt}"` : ''} }\nclient { enabled = false }\n` +
      (managementToken ? 'acl { enabled = true }\n' : ''),
  );
  const url = `http://127.0.0.1:${http}`;
  const headers: Record<string, string> = managementToken ? { 'X-Nomad-Token': managementToken } : {};
  const stop = await startAgent(binary, ['agent', `-config=${config}`], url, {
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    ready: async (base, signal) =>
      (managementToken === undefined || (await bootstrapped(base, managementToken, signal))) &&
      rootKeyExists(base, headers, signal),
    headers,
  });
  return { url, region: 'global', stop };
}

/**
 * `POST /v1/acl/bootstrap` with the chosen secret (§8): 200 the first time, then 400 `ACL bootstrap
 * already done`; before a leader exists it fails and is tried again.
 */
async function bootstrapped(baseUrl: string, secret: string, signal: AbortSignal): Promise<boolean> {
  const body = JSON.stringify({ BootstrapSecret: secret });
  const answer = await fetch(`${baseUrl}/v1/acl/bootstrap`, { method: 'POST', body, signal });
  const text = await answer.text();
  return answer.status === 200 || text.includes('ACL bootstrap already done');
}

/**
 * Variables (the apply lock) need the root key: right after its election a real Nomad 2.0.6 answered
 * a lock-acquire `500 variable error: encrypt: keyring has not been initialized yet`. So wait until
 * `/v1/operator/keyring/keys` lists a key (nomad-operator-api.md §8).
 */
async function rootKeyExists(baseUrl: string, headers: Record<string, string>, signal: AbortSignal) {
  const keys = await fetch(`${baseUrl}/v1/operator/keyring/keys`, { signal, headers });
  const body: unknown = keys.status === 200 ? await keys.json() : await keys.text();
  return Array.isArray(body) && body.length > 0;
}
