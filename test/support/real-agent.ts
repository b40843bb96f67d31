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

const OUTPUT_LINES_KEPT = 15;

export interface AgentOptions {
  /** Runs once the process is gone (e.g. removes its data directory). */
  readonly cleanup?: () => void;
  /** A product's own last readiness check, after the leader and the autopilot configuration. */
  readonly ready?: (baseUrl: string, signal: AbortSignal) => Promise<boolean>;
}

/**
 * Starts a real agent binary and waits, at most 30 s at 100 ms intervals (consul-operator-api.md
 * §7.4, nomad-operator-api.md §8), until `/v1/status/leader` names a leader, the autopilot
 * configuration answers 200 and `options.ready` holds. Returns a stop function that ends the
 * process (and cleans up). A binary that cannot start or exits first fails at once, with its exit
 * code and last output.
 */
export async function startAgent(
  binary: string,
  args: readonly string[],
  baseUrl: string,
  { cleanup = () => {}, ready: productReady = async () => true }: AgentOptions = {},
): Promise<() => Promise<void>> {
  const agent = spawnKept(binary, args);
  const stop = async () => {
    process.off('exit', agent.kill);
    if (agent.child.pid !== undefined && agent.child.exitCode === null && agent.child.signalCode === null) {
      agent.child.kill('SIGTERM');
      if (!(await agent.exitedWithin(10_000))) {
        agent.child.kill('SIGKILL');
        await agent.exitedWithin(10_000);
      }
    }
    cleanup();
  };
  // A test run that ends without afterAll (an uncaught error, process.exit) still ends the agent.
  process.once('exit', agent.kill);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (agent.failure()) {
      await stop();
      throw new Error(`${binary} ${agent.failure()} before it had a leader; its last output:\n${agent.tail()}`);
    }
    if (await ready(baseUrl, productReady)) return stop;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${binary} at ${baseUrl} did not get a leader within 30 s; its last output:\n${agent.tail()}`);
}

/** The child, why it is gone if it is, and the last lines it printed (for the error a test shows). */
function spawnKept(binary: string, args: readonly string[]) {
  const child: ChildProcess = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let lines: string[] = [];
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  // Always drained: an agent logging into a full pipe would block.
  const keep = (chunk: Buffer) => (lines = [...lines, ...chunk.toString().split('\n')].slice(-OUTPUT_LINES_KEPT));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()).once('error', () => resolve()));
  return {
    child,
    kill: () => void child.kill('SIGKILL'),
    tail: () => lines.join('\n'),
    failure: () =>
      spawnError
        ? `could not be started (${spawnError.message})`
        : child.exitCode !== null || child.signalCode !== null
          ? `exited (${child.exitCode ?? child.signalCode})`
          : undefined,
    exitedWithin: (ms: number) =>
      Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref()),
      ]),
  };
}

async function ready(baseUrl: string, productReady: NonNullable<AgentOptions['ready']>): Promise<boolean> {
  try {
    // Per request: a server without a leader may hold a request for seconds (observed-real-servers.md §1).
    const signal = AbortSignal.timeout(15_000);
    const leader: unknown = await (await fetch(`${baseUrl}/v1/status/leader`, { signal })).json();
    if (typeof leader !== 'string' || leader === '') return false;
    const config = await fetch(`${baseUrl}/v1/operator/autopilot/configuration`, { signal });
    await config.text();
    return config.status === 200 && (await productReady(baseUrl, signal));
  } catch {
    return false; // not listening yet, or no leader (a 500 with text)
  }
}
