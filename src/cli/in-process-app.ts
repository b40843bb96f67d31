import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { AppEntryPoint } from '../synth/app-entry.js';
import { type AppEnvironment, appFailed } from '../synth/run-app.js';

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
 */
export async function loadAppInProcess(entry: AppEntryPoint, projectDir: string, env: AppEnvironment): Promise<void> {
  const url = pathToFileURL(join(projectDir, entry.file)).href;
  const output: string[] = [];
  const restore = isolate(env, projectDir, output);
  try {
    if (entry.loader === 'tsx') {
      const { tsImport } = await import('tsx/esm/api');
      await tsImport(url, import.meta.url);
    } else {
      await import(`${url}?opstack-load=${randomUUID()}`);
    }
  } catch (error) {
    restore();
    if (error instanceof AppExit && error.code === 0) return;
    const reason = error instanceof AppExit ? `called ${error.message}` : `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    throw appFailed(`${entry.file} ${reason}`, output.join(''));
  }
  restore();
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
  for (const method of CONSOLE_METHODS) console[method] = (...args: unknown[]) => void output.push(`${format(...args)}\n`);
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
