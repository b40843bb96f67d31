import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { AppEntryPoint } from '../synth/app-entry.js';
import { OpstackError } from '../model/errors.js';
import { type AppEnvironment, appFailed } from '../synth/run-app.js';
import { formatGoDuration } from '../util/go-duration.js';
import type { RunControl } from './interrupts.js';

/** Thrown in place of exiting when the app calls process.exit, so opstack itself keeps running. */
class AppExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs the cdktf app's entry file inside this process, as its command would (`npx tsx X.ts`,
 * `node X.js`), without the cost of npx and a second Node. For the length of the load, and only
 * then, the process looks to the app as a child's would: `env` (with CDKTF_OUTDIR) as its
 * environment, the project as its working directory, its output kept for the error message
 * instead of printed, and process.exit stopping the app instead of opstack. Everything is
 * restored afterwards, even when the app throws.
 *
 * Each load evaluates the app afresh: tsx's tsImport loads a file and everything it imports in a
 * namespace of its own, and a JavaScript entry is imported under a query no earlier load used.
 *
 * An app that has not finished after `limits.timeoutMs` is given up on: what it still runs lives in
 * opstack's own process and cannot be stopped on its own, so the run fails and the CLI exits when
 * it is done (RunControl.abandon); processes the app started are not known, so they are not
 * stopped. An app that never yields (a synchronous endless loop) holds the process so that no
 * timer and no signal handler can run: only SIGKILL ends it. Apps that may hang belong in `--app`.
 */
export async function loadAppInProcess(
  entry: AppEntryPoint,
  projectDir: string,
  env: AppEnvironment,
  limits: InProcessLimits,
): Promise<void> {
  const url = pathToFileURL(join(projectDir, entry.file)).href;
  const output: string[] = [];
  const restore = isolate(env, projectDir, output);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), limits.timeoutMs);
  });
  const loading = load(entry, url);
  loading.catch(() => undefined); // given up on, it may still fail: that is no longer opstack's error
  try {
    if ((await Promise.race([loading, timedOut])) === 'timed-out') {
      limits.control.abandon();
      throw stillRunning(entry, limits.timeoutMs, output.join(''));
    }
  } catch (error) {
    restore();
    if (error instanceof AppExit && error.code === 0) return;
    if (error instanceof OpstackError) throw error;
    const reason =
      error instanceof AppExit
        ? `called ${error.message}`
        : `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    throw appFailed(`${entry.file} ${reason}`, output.join(''));
  } finally {
    clearTimeout(timer);
  }
  restore();
}

export interface InProcessLimits {
  readonly timeoutMs: number;
  /** Told when the app is given up on while it still runs. */
  readonly control: RunControl;
}

/** The command that runs the entry file in a process of its own. */
function commandOf(entry: AppEntryPoint): string {
  return `${entry.loader === 'node' ? 'node' : 'npx tsx'} ${entry.file}`;
}

async function load(entry: AppEntryPoint, url: string): Promise<'loaded'> {
  const { importApp } = await import('./import-app.js');
  // A JavaScript app is imported afresh on every run (the query makes it a new module); tsx does so itself.
  await importApp(entry.loader === 'tsx' ? url : `${url}?opstack-load=${randomUUID()}`, entry.loader);
  return 'loaded';
}

function stillRunning(entry: AppEntryPoint, timeoutMs: number, output: string): OpstackError {
  const limit = formatGoDuration(BigInt(timeoutMs) * 1_000_000n);
  return new OpstackError(
    'SynthFailed',
    `The cdktf app ${entry.file} did not finish within ${limit}. It was loaded in opstack's own process, ` +
      'which cannot stop it half-way: opstack exits, and any process the app started is left running.' +
      (output.trim() ? `\nIts output so far:\n${output.trim()}` : ''),
    'Find what the app waits for (a prompt, a network call), or raise --synth-timeout. To have opstack stop it ' +
      `with every process it starts, run it as a command of its own: --app "${commandOf(entry)}".`,
  );
}

/** Gives the app its environment, directory, output and exit; returns what puts the process back. */
function isolate(env: AppEnvironment, projectDir: string, output: string[]): () => void {
  const saved = { env: { ...process.env }, cwd: process.cwd(), exit: process.exit, exitCode: process.exitCode };
  const savedConsole = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  const savedWrites = [process.stdout.write, process.stderr.write] as const;
  replaceEnv(env);
  if (saved.cwd !== projectDir) process.chdir(projectDir);
  process.exit = (code?: number | string | null) => {
    throw new AppExit(Number(code ?? process.exitCode ?? 0));
  };
  for (const method of CONSOLE_METHODS)
    console[method] = (...args: unknown[]) => void output.push(`${format(...args)}\n`);
  const keep = (chunk: unknown) => (output.push(String(chunk)), true);
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  return () => {
    [process.stdout.write, process.stderr.write] = savedWrites;
    for (const [method, original] of savedConsole) console[method] = original;
    process.exit = saved.exit;
    process.exitCode = saved.exitCode;
    if (process.cwd() !== saved.cwd) process.chdir(saved.cwd);
    replaceEnv(saved.env);
  };
}

/** Makes process.env hold exactly `env` (process.env itself must stay the same object). */
function replaceEnv(env: AppEnvironment): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}
