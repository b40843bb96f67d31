import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port: bind port 0, read it, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts a real agent binary and waits, at most 30 s at 100 ms intervals (consul-operator-api.md
 * §7.4, nomad-operator-api.md §8), until `/v1/status/leader` names a leader and the autopilot
 * configuration answers 200. Returns a stop function that ends the process (and cleans up).
 */
export async function startAgent(
  binary: string,
  args: readonly string[],
  baseUrl: string,
  cleanup: () => void = () => {},
): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(binary, [...args], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    cleanup();
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const leader = await (await fetch(`${baseUrl}/v1/status/leader`)).json();
      const config = await fetch(`${baseUrl}/v1/operator/autopilot/configuration`);
      if (leader !== '' && config.status === 200) return stop;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${binary} at ${baseUrl} did not get a leader within 30 s`);
}
