import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A single-server `nomad agent` on loopback ports (nomad-operator-api.md §8), for the contract tests. */
export interface RealNomad {
  readonly url: string;
  readonly region: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts the binary named by OPSTACK_NOMAD_BIN as a server-only agent and waits for a leader (§8). */
export async function startRealNomad(binary: string): Promise<RealNomad> {
  const [http, rpc, serf] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'opstack-nomad-'));
  const config = join(dir, 'server.hcl');
  writeFileSync(
    config,
    `data_dir = "${join(dir, 'data')}"\nbind_addr = "127.0.0.1"\ndisable_update_check = true\n` +
      `advertise { http = "127.0.0.1"\n rpc = "127.0.0.1"\n serf = "127.0.0.1" }\n` +
      `ports { http = ${http}\n rpc = ${rpc}\n serf = ${serf} }\n` +
      `server { enabled = true\n bootstrap_expect = 1 }\nclient { enabled = false }\n`,
  );
  const child: ChildProcess = spawn(binary, ['agent', `-config=${config}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const leader = await (await fetch(`${url}/v1/status/leader`)).json();
      const config = await fetch(`${url}/v1/operator/autopilot/configuration`);
      if (leader !== '' && config.status === 200) return { url, region: 'global', stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`nomad agent at ${url} did not get a leader within 30 s`);
}
