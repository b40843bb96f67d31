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
  /** A product's own readiness check, once there is a leader and before the autopilot configuration is read. */
  readonly ready?: (baseUrl: string, signal: AbortSignal) => Promise<boolean>;
  /** Sent with the autopilot configuration read (a token, when ACLs are on). */
  readonly headers?: Record<string, string>;
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
  { cleanup = () => {}, ready: productReady = async () => true, headers = {} }: AgentOptions = {},
): Promise<() => Promise<void>> {
  const agent = spawnKept(binary, args);
  const stop = async () => {
    if (agent.child.exitCode === null && agent.child.signalCode === null) {
      agent.child.kill('SIGTERM'); // the supervisor passes it on and exits with the agent
      if (!(await agent.exitedWithin(15_000))) {
        agent.child.kill('SIGKILL');
        await agent.exitedWithin(10_000);
      }
    }
    cleanup();
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (agent.failure()) {
      await stop();
      throw new Error(`${binary} ${agent.failure()} before it had a leader; its last output:\n${agent.tail()}`);
    }
    if (await ready(baseUrl, productReady, headers)) return stop;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${binary} at ${baseUrl} did not get a leader within 30 s; its last output:\n${agent.tail()}`);
}

/**
 * The agent's parent: a small Node process that ends the agent (SIGTERM, SIGKILL 10 s later) when
 * told to, or when its stdin pipe closes because the test process is gone, whichever way it died
 * (a killed vitest worker runs no exit handlers). It exits with the agent; 127 if it cannot start it.
 */
const SUPERVISOR = `
const agent = require('node:child_process').spawn(process.argv[1], process.argv.slice(2), { stdio: 'inherit' });
const end = () => { agent.kill('SIGTERM'); setTimeout(() => agent.kill('SIGKILL'), 10000).unref(); };
agent.on('error', (error) => { console.error(error.message); process.exit(127); });
agent.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
process.on('SIGTERM', end);
process.stdin.on('end', end).resume();`;

/** Starts `binary` under the supervisor, stdin a pipe from this process, output piped back. */
export function spawnSupervised(binary: string, args: readonly string[]): ChildProcess {
  const stdio: ['pipe', 'pipe', 'pipe'] = ['pipe', 'pipe', 'pipe'];
  return spawn(process.execPath, ['-e', SUPERVISOR, binary, ...args], { stdio });
}

/** The supervised agent, why it is gone if it is, and the last lines it printed (for the error a test shows). */
function spawnKept(binary: string, args: readonly string[]) {
  const child = spawnSupervised(binary, args);
  let lines: string[] = [];
  // Always drained: an agent logging into a full pipe would block.
  const keep = (chunk: Buffer) => (lines = [...lines, ...chunk.toString().split('\n')].slice(-OUTPUT_LINES_KEPT));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    tail: () => lines.join('\n'),
    failure: () =>
      child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.exitCode ?? child.signalCode})`
        : undefined,
    exitedWithin: (ms: number) =>
      Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref()),
      ]),
  };
}

async function ready(
  baseUrl: string,
  productReady: NonNullable<AgentOptions['ready']>,
  headers: Record<string, string>,
): Promise<boolean> {
  try {
    // Per request: a server without a leader may hold a request for seconds (observed-real-servers.md §1).
    const signal = AbortSignal.timeout(15_000);
    const leader: unknown = await (await fetch(`${baseUrl}/v1/status/leader`, { signal })).json();
    if (typeof leader !== 'string' || leader === '' || !(await productReady(baseUrl, signal))) return false;
    const config = await fetch(`${baseUrl}/v1/operator/autopilot/configuration`, { signal, headers });
    await config.text();
    return config.status === 200;
  } catch {
    return false; // not listening yet, or no leader (a 500 with text)
  }
}
