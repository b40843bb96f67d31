import type { Argv } from 'yargs';
import type { ClientOptions } from '../api/api-client.js';
import { DEFAULT_CLIENT_OPTIONS } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import { createPalette, type Palette } from '../render/palette.js';
import { formatGoDuration, GoDurationError, parseGoDuration } from '../util/go-duration.js';
import type { CliIo } from './io.js';

/** Options every command that talks to clusters accepts. */
export interface ConnectionOptions {
  readonly color: boolean;
  /** A Go duration, checked by `durationOption` before any request. */
  readonly httpTimeout: string;
  /** `debug` writes one line per HTTP exchange to stderr; OPSTACK_LOG is the environment's spelling. */
  readonly logLevel?: string;
}

/** Options every command that reads stacks or clusters accepts. */
export interface GlobalOptions extends ConnectionOptions {
  readonly app?: string;
  readonly synthDir?: string;
  readonly synthTimeout: string;
}

export function withGlobalOptions<T>(yargs: Argv<T>) {
  return withConnectionOptions(yargs)
    .option('app', {
      type: 'string',
      requiresArg: true,
      describe: 'Command that runs the cdktf app (default: "app" in cdktf.json)',
      group: 'Stacks:',
      conflicts: 'synth-dir',
    })
    .option('synth-dir', {
      type: 'string',
      requiresArg: true,
      describe: 'Read stacks already synthesised into this directory (e.g. cdktf.out) instead of running the app',
      group: 'Stacks:',
    })
    .option('synth-timeout', {
      type: 'string',
      requiresArg: true,
      default: '5m',
      describe: 'How long the cdktf app may run before it is stopped (with its child processes), as a Go duration',
      group: 'Stacks:',
    });
}

/** How a command that talks to clusters (and prints) behaves: colour, the debug log, the HTTP timeout. */
export function withConnectionOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('color', {
      type: 'boolean',
      default: true,
      describe: 'Colour the output (only on a terminal; --no-color or NO_COLOR turn it off)',
    })
    .option('log-level', {
      type: 'string',
      requiresArg: true,
      describe: 'info (default) or debug: one line per HTTP exchange on stderr (also OPSTACK_LOG=debug)',
    })
    .option('http-timeout', {
      type: 'string',
      requiresArg: true,
      default: formatGoDuration(BigInt(DEFAULT_CLIENT_OPTIONS.timeoutMs) * 1_000_000n),
      describe: "Timeout of each HTTP request, as a Go duration (above Consul's 7–10 s no-leader hold)",
    });
}

/** The longest any duration option may be: Node's timers cannot wait longer than 2^31-1 ms (~24.8 days). */
const MAX_DURATION_MS = 24 * 3600 * 1000;

/**
 * A duration option in milliseconds, from 1 ms (or 0 where `zero` allows it) to 24 h; refused with
 * an example otherwise. Checked before anything runs.
 */
export function durationOption(option: string, text: string, examples: string, zero = false): number {
  let nanos = -1n;
  try {
    nanos = parseGoDuration(text);
  } catch (error) {
    if (!(error instanceof GoDurationError)) throw error;
  }
  const ms = Number(nanos / 1_000_000n);
  if ((ms < 1 && !(zero && nanos === 0n)) || ms > MAX_DURATION_MS) {
    throw new OpstackError(
      'InvalidConfig',
      `--${option} ${JSON.stringify(text)} is not a Go duration from ${zero ? '0s' : '1ms'} to 24h.`,
      `Use e.g. ${examples}.`,
    );
  }
  return ms;
}

/** `--stack NAME`, repeatable: the stacks a command works on (default: all). */
export interface StackSelection {
  readonly stack?: readonly string[];
}

export function withStackSelection<T>(yargs: Argv<T>) {
  return yargs.option('stack', {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'Only this stack (repeat for more; default: every stack)',
    group: 'Stacks:',
  });
}

/**
 * True when OPSTACK_IN_AUTOMATION is set (like Terraform's TF_IN_AUTOMATION): output leaves out
 * the "run this next" hints, which a person at a terminal needs and a CI log does not.
 */
export function inAutomation(io: CliIo): boolean {
  return (io.env.OPSTACK_IN_AUTOMATION ?? '') !== '';
}

/** Colour only when asked, not forbidden by NO_COLOR (no-color.org), and stdout is a terminal. */
export function paletteFor(options: Pick<GlobalOptions, 'color'>, io: CliIo): Palette {
  return createPalette(options.color && !io.env.NO_COLOR && io.stdoutIsTty);
}

export function clientOptionsFor(options: ConnectionOptions, io: CliIo): ClientOptions {
  const backoffMs = retryBackoffMs(io);
  const log = logLevel(options, io) === 'debug' ? (line: string) => io.stderr(`${line}\n`) : undefined;
  return {
    ...DEFAULT_CLIENT_OPTIONS,
    timeoutMs: durationOption('http-timeout', options.httpTimeout, '15s or 1m'),
    ...(backoffMs !== undefined ? { backoffMs } : {}),
    ...(log ? { log } : {}),
  };
}

/**
 * OPSTACK_RETRY_BACKOFF_MS lets tests exercise retries without waiting. It is input like any other
 * variable: a whole number of milliseconds up to a minute, or it is refused before any request
 * (a negative or huge value would reach setTimeout, which clamps it silently).
 */
function retryBackoffMs(io: CliIo): number | undefined {
  const text = io.env.OPSTACK_RETRY_BACKOFF_MS ?? '';
  if (text === '') return undefined;
  if (/^\d{1,5}$/.test(text) && Number(text) <= 60_000) return Number(text);
  throw new OpstackError(
    'InvalidConfig',
    `OPSTACK_RETRY_BACKOFF_MS must be a whole number of milliseconds ` +
      `from 0 to 60000, not ${JSON.stringify(text.slice(0, 20))}.`,
    'Unset it to use the default backoff.',
  );
}

/** `--log-level` wins over OPSTACK_LOG; anything but info or debug is refused (the variable is input too). */
function logLevel(options: ConnectionOptions, io: CliIo): 'info' | 'debug' {
  const [source, value] =
    options.logLevel !== undefined ? ['--log-level', options.logLevel] : ['OPSTACK_LOG', io.env.OPSTACK_LOG ?? ''];
  const level = value.trim().toLowerCase();
  if (level === '' || level === 'info') return 'info';
  if (level === 'debug') return 'debug';
  throw new OpstackError(
    'InvalidConfig',
    `${source} must be info or debug, not ${JSON.stringify(value.slice(0, 20))}.`,
    'Use --log-level debug (or OPSTACK_LOG=debug) to see every HTTP exchange.',
  );
}
