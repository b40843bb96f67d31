import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { OpstackError } from '../model/errors.js';
import { formatGoDuration } from '../util/go-duration.js';

/** The environment the cdktf app inherits: the user's, as the CLI was given it. */
export type AppEnvironment = Readonly<Record<string, string | undefined>>;

/** Where synth and plan, which run the app without type-checking it (for speed), point after an error. */
export const VALIDATE_HINT = '`opstack validate` also type-checks the app, which synth and plan skip for speed.';

/** Reads `app` from cdktf.json in `projectDir`. */
export async function appCommandFromConfig(projectDir: string): Promise<string> {
  const path = join(projectDir, 'cdktf.json');
  let config: { app?: unknown };
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as { app?: unknown };
  } catch {
    throw new OpstackError(
      'SynthFailed',
      `Cannot read ${path}.`,
      'Run opstack in the directory that holds cdktf.json, or pass --app "<command>" or --synth-dir <dir>.',
    );
  }
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new OpstackError('SynthFailed', `${path} has no "app" command.`, 'Set "app", e.g. "npx tsx stacks/main.ts".');
  }
  return config.app;
}

/** Where the app writes: `outDir`, or a fresh temporary directory the caller removes. */
export async function synthOutDir(outDir?: string): Promise<string> {
  return outDir ? resolve(outDir) : await mkdtemp(join(tmpdir(), 'opstack-synth-'));
}

/** What `cdktf synth` tells an app: write into `dir`, and finish even when a construct reports an error. */
export function cdktfAppEnvironment(env: AppEnvironment, dir: string): AppEnvironment {
  return { ...env, CDKTF_OUTDIR: dir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' };
}

/** The error for an app that failed, with what it printed (never shown when it succeeds). */
export function appFailed(what: string, output: string): OpstackError {
  return new OpstackError(
    'SynthFailed',
    `The cdktf app ${what}:\n${output.trim()}`,
    `Fix the error in your stacks, then run the command again. ${VALIDATE_HINT}`,
  );
}

/** How long a spawned app may run, and how it is stopped (the CLI passes it in: only it touches the process). */
export interface AppLimits {
  readonly timeoutMs: number;
  /** Ends a whole process group: the app and everything it started. */
  readonly killGroup: (pid: number) => void;
  /** Told the app's process group while it runs, so a signal ending opstack ends it too; returns what forgets it. */
  readonly track: (pid: number) => () => void;
}

/**
 * Runs the cdktf app the way `cdktf synth` does: a shell command, with `env` (from
 * cdktfAppEnvironment) as its environment and the project's node_modules/.bin on its PATH. The
 * app's own output is kept and shown only if it fails, so stdout stays the command's result. It
 * runs in a process group of its own, so that a hung app is stopped after `limits.timeoutMs` with
 * every process it started (a `tsx` or `npx` under the shell), not just the shell.
 */
export async function runApp(
  command: string,
  projectDir: string,
  env: AppEnvironment,
  limits: AppLimits,
): Promise<void> {
  const appEnv = { ...env, PATH: [join(projectDir, 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter) };
  // Loaded here: runs that read --synth-dir never spawn anything.
  const { spawn } = await import('node:child_process');
  const output: Buffer[] = [];
  let timedOut = false;
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(command, {
      cwd: projectDir,
      env: appEnv,
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forget = child.pid === undefined ? () => undefined : limits.track(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) limits.killGroup(child.pid);
    }, limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      forget();
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      forget();
      resolveExit(exitCode);
    });
  });
  const text = Buffer.concat(output).toString('utf8');
  if (timedOut) {
    const limit = formatGoDuration(BigInt(limits.timeoutMs) * 1_000_000n);
    throw new OpstackError(
      'SynthFailed',
      `The cdktf app \`${command}\` did not finish within ${limit}; it was stopped with ` +
        `every process it started.${text.trim() ? `\nIts output so far:\n${text.trim()}` : ''}`,
      'Find what the app waits for (a prompt, a network call), or raise --synth-timeout.',
    );
  }
  if (code !== 0) throw appFailed(`\`${command}\` exited with ${code}`, text);
}
