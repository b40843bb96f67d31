import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A `consul agent -dev` on loopback ports, for the contract tests (consul-operator-api.md §7). */
export interface RealConsul {
  readonly address: string;
  readonly datacenter: string;
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

/** Starts the binary named by OPSTACK_CONSUL_BIN and waits (§7.4) until it has a leader and an autopilot configuration. */
export async function startRealConsul(binary: string): Promise<RealConsul> {
  const [http, server, lan] = [await freePort(), await freePort(), await freePort()];
  const args = ['agent', '-dev', '-bind=127.0.0.1', '-client=127.0.0.1', `-http-port=${http}`, `-server-port=${server}`, `-serf-lan-port=${lan}`, '-serf-wan-port=-1', '-dns-port=-1', '-grpc-port=-1', '-grpc-tls-port=-1', '-node=opstack-contract'];
  const child: ChildProcess = spawn(binary, args, { stdio: 'ignore' });
  const address = `127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const leader = await (await fetch(`http://${address}/v1/status/leader`)).json();
      const config = await fetch(`http://${address}/v1/operator/autopilot/configuration`);
      if (leader !== '' && config.status === 200) return { address, datacenter: 'dc1', stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`consul agent at ${address} did not get a leader within 30 s`);
}
