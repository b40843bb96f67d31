import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { OpstackError } from '../model/errors.js';

/** The environment the cdktf app inherits: the user's, as the CLI was given it. */
export type AppEnvironment = Readonly<Record<string, string | undefined>>;

/** Reads `app` from cdktf.json in `projectDir`. */
export async function appCommandFromConfig(projectDir: string): Promise<string> {
  const path = join(projectDir, 'cdktf.json');
  let config: { app?: unknown };
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as { app?: unknown };
  } catch {
    throw new OpstackError('SynthFailed', `Cannot read ${path}.`, 'Run opstack in the directory that holds cdktf.json, or pass --app "<command>" or --synth-dir <dir>.');
  }
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new OpstackError('SynthFailed', `${path} has no "app" command.`, 'Set "app", e.g. "npx tsx stacks/main.ts".');
  }
  return config.app;
}

/**
 * Runs the cdktf app the way `cdktf synth` does: a shell command with CDKTF_OUTDIR pointing at
 * a fresh directory, which it returns. The app's own output goes to our stderr, so stdout stays
 * the command's result. The app runs with the caller's environment `env`.
 */
export async function runApp(command: string, projectDir: string, env: AppEnvironment, outDir?: string): Promise<string> {
  const dir = outDir ? resolve(outDir) : await mkdtemp(join(tmpdir(), 'opstack-synth-'));
  const appEnv = {
    ...env,
    CDKTF_OUTDIR: dir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    PATH: [join(projectDir, 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter),
  };
  // Loaded here: runs that read --synth-dir never spawn anything.
  const { spawn } = await import('node:child_process');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(command, { cwd: projectDir, env: appEnv, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', resolveExit);
  });
  if (code !== 0) {
    const text = Buffer.concat(output).toString('utf8').trim();
    throw new OpstackError('SynthFailed', `The cdktf app \`${command}\` exited with ${code}:\n${text}`, 'Fix the error in your stacks, then run the command again.');
  }
  return dir;
}
