import type { Argv } from 'yargs';
import type { ClientOptions } from '../api/api-client.js';
import { DEFAULT_CLIENT_OPTIONS } from '../api/api-client.js';
import { createPalette, type Palette } from '../render/palette.js';
import type { CliIo } from './io.js';

/** Options every command that reads stacks or clusters accepts. */
export interface GlobalOptions {
  readonly app?: string;
  readonly synthDir?: string;
  readonly color: boolean;
  readonly httpTimeout: number;
}

export function withGlobalOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('app', { type: 'string', describe: 'Command that runs the cdktf app (default: "app" in cdktf.json)', group: 'Stacks:' })
    .option('synth-dir', { type: 'string', describe: 'Read stacks already synthesised into this directory (e.g. cdktf.out) instead of running the app', group: 'Stacks:' })
    .option('color', { type: 'boolean', default: true, describe: 'Colour the output (only on a terminal; --no-color or NO_COLOR turn it off)' })
    .option('http-timeout', { type: 'number', default: DEFAULT_CLIENT_OPTIONS.timeoutMs, describe: 'Timeout of each HTTP request, in milliseconds' });
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

export function clientOptionsFor(options: GlobalOptions, io: CliIo): ClientOptions {
  // OPSTACK_RETRY_BACKOFF_MS lets tests exercise retries without waiting.
  const backoff = Number(io.env.OPSTACK_RETRY_BACKOFF_MS);
  return { ...DEFAULT_CLIENT_OPTIONS, timeoutMs: options.httpTimeout, ...(Number.isFinite(backoff) && io.env.OPSTACK_RETRY_BACKOFF_MS ? { backoffMs: backoff } : {}) };
}
