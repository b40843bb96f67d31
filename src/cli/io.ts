import { hostname, userInfo } from 'node:os';
import type { Environment } from '../api/connection.js';
import type { LockHolder } from '../apply/lock/lock-record.js';
import type { Redactor } from '../util/redactor.js';
import { NO_SIGNALS, type RunControl, SignalControl } from './interrupts.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * The outside world as the CLI sees it. Only src/cli touches process, the TTY and prompts; tests
 * pass their own.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  readonly cwd: string;
  /** True when stdout is a terminal (colour, progress). */
  readonly stdoutIsTty: boolean;
  /** True when a person can answer a question (stdin and stdout are terminals). */
  readonly interactive: boolean;
  readonly ask: (question: string) => Promise<string>;
  /** Who runs this: what an apply lock records. */
  readonly holder: LockHolder;
  /** What SIGINT and SIGTERM do (cli/interrupts.ts); absent: nothing answers them (tests, embedding). */
  readonly control?: RunControl;
}

export function controlOf(io: CliIo): RunControl {
  return io.control ?? NO_SIGNALS;
}

/**
 * The real process. Its SIGINT and SIGTERM handlers replace Node's default (exit at once) with the
 * run's control, which cleans up first or lets apply stop between steps. A ^C typed at the
 * confirmation prompt (which reads the terminal raw) is the same SIGINT.
 */
export function processIo(): CliIo {
  // Bound now: an app loaded in process replaces process.exit and the writes while it runs.
  const [stderr, exit] = [process.stderr.write.bind(process.stderr), process.exit.bind(process)];
  const control = new SignalControl({ stderr: (text) => void stderr(text), exit: (code) => exit(code) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => control.deliver(signal));
  return {
    control,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTty: process.stdout.isTTY === true,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    holder: { host: hostname(), pid: process.pid, user: currentUser() },
    ask: async (question) => {
      // Loaded here: only an interactive apply asks, and readline is not free to load.
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      rl.on('SIGINT', () => control.deliver('SIGINT'));
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** The login name, or `unknown` where the OS has none for this uid (a container). */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The IO commands get: every write to stdout and stderr has passed through `redactor`, which
 * the command feeds with the secrets it learns (declared and live gossip keys).
 */
export interface RunIo extends CliIo {
  readonly redactor: Redactor;
}

/** Wraps `io` so that nothing reaches its stdout or stderr unredacted, or with a raw control character. */
export function redactingIo(io: CliIo, redactor: Redactor): RunIo {
  const safe = (text: string) => terminalSafe(redactor.redact(text), io.stdoutIsTty);
  return {
    ...io,
    redactor,
    stdout: (text) => io.stdout(safe(text)),
    stderr: (text) => io.stderr(safe(text)),
  };
}

/** Ends a process group (a cdktf app run detached, with everything it started); gone already is fine. */
export function killProcessGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already exited.
  }
}
