import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BINARY, binaryEnvironment, type CliResult, PROJECT_DIR } from './cli.js';

/** The CLI binary running in the background, as a user's terminal or a CI runner holds it. */
export interface RunningBinary {
  /** What it has printed so far. */
  output(): string;
  /** Resolves once its stdout or stderr contains `text`; rejects if it exits first. */
  printed(text: string): Promise<void>;
  signal(name: 'SIGINT' | 'SIGTERM'): void;
  readonly done: Promise<CliResult>;
}

/** Starts `opstack <argv>` without a terminal, collecting what it prints. */
export function startBinary(
  argv: string[],
  env: Record<string, string | undefined> = {},
  cwd = PROJECT_DIR,
): RunningBinary {
  const child = spawn(process.execPath, [BINARY, ...argv], {
    cwd,
    env: binaryEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  return {
    output: () => stdout + stderr,
    printed: (text) =>
      until(() => (stdout + stderr).includes(text) || exited, `the output to show ${JSON.stringify(text)}`).then(() => {
        if (!(stdout + stderr).includes(text))
          throw new Error(`exited without printing ${JSON.stringify(text)}:\n${stdout}${stderr}`);
      }),
    signal: (name) => void child.kill(name),
    done,
  };
}

/** Polls `check` until it holds (up to 30 s, a guard against a hang, not a measure of speed). */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** True once `pid` is gone or a zombie (its parent was killed too); polls for up to 30 s. */
export async function diesSoon(pid: number): Promise<boolean> {
  try {
    await until(() => processState(pid) === 'gone' || processState(pid) === 'Z', `process ${pid} to end`);
    return true;
  } catch {
    return false;
  }
}

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
  } catch {
    return 'gone';
  }
}
