import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunControl } from '../../src/cli/interrupts.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Answers the confirmation prompt; setting it makes the session interactive. */
  readonly answer?: (question: string) => Promise<string> | string;
  /** Pretend stdout is a terminal (colour decisions). */
  readonly tty?: boolean;
  /** Who the apply lock records (default: tester@test-host, pid 4242). */
  readonly holder?: CliIo['holder'];
  /** What signals do (default: none arrive); a test delivers them through it. */
  readonly control?: RunControl;
  /** Told each piece of stdout as it is written. */
  readonly onStdout?: (text: string) => void;
}

/** Runs the CLI in this process with a fake terminal-less (or, with `answer`, interactive) IO. */
export async function runCli(argv: string[], options: InProcessOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { OPSTACK_RETRY_BACKOFF_MS: '1', ...options.env },
    cwd: options.cwd ?? PROJECT_DIR,
    stdoutIsTty: options.tty ?? false,
    interactive: options.answer !== undefined,
    ask: async (question) => (options.answer ? options.answer(question) : ''),
    holder: options.holder ?? { host: 'test-host', pid: 4242, user: 'tester' },
    ...(options.control ? { control: options.control } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs the built binary (bin/opstack.js → dist/) as a user would, without a terminal. */
export function runBinary(
  argv: string[],
  env: Record<string, string | undefined> = {},
  cwd = PROJECT_DIR,
): Promise<CliResult> {
  return runProcess(process.execPath, [BINARY, ...argv], cwd, binaryEnvironment(env));
}

export const BINARY = join(PROJECT_DIR, 'bin', 'opstack.js');

/**
 * What the binary runs with: only PATH and HOME of this process, fast retries, and TMPDIR: the
 * run's own temp directory (test/support/temp-dir-check.ts), where leaks are found.
 */
export function binaryEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, TMPDIR, OPSTACK_RETRY_BACKOFF_MS: '1', ...env };
}

/** Runs a command without a terminal and collects what it prints. */
export function runProcess(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
