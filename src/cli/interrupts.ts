import { InterruptedError, type StopSignal } from '../model/errors.js';

/** 128 + the signal's number: what a shell reports for a process that signal ended. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * How a run answers SIGINT and SIGTERM. Outside a critical section nothing has been written, so
 * the first signal ends the run at once, after the cleanups registered for it (the cdktf app's
 * process group, temporary synth directories). Inside one (apply's steps), the first signal
 * aborts the section's AbortSignal instead: no new step starts, the one in flight finishes, the
 * locks are given back and apply reports what ran. A second signal always exits at once.
 */
export interface RunControl {
  /** Runs `work` so that the first signal aborts its AbortSignal (with an InterruptedError) instead of exiting. */
  critical<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Resolves at the first signal instead of exiting: for a command that runs until stopped (`opstack sim`). */
  untilSignal(): Promise<StopSignal>;
  /** Registers what an exit on a signal must undo first (synchronously); returns what unregisters it. */
  onExit(cleanup: () => void): () => void;
  /**
   * Says that work this process cannot stop is still running in it (an app loaded in process that
   * did not finish): the CLI then exits when the command is done instead of waiting for it.
   */
  abandon(): void;
  readonly abandoned: boolean;
}

/** What the control needs from the process: the CLI passes its stderr and process.exit. */
export interface ProcessExit {
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => void;
}

const NOTHING_WRITTEN = 'nothing was written to any cluster.';
const AFTER_APPLY = 'apply had run: `opstack plan` shows where things stand, and running apply again converges.';
const CUT_OFF =
  'the step in flight was not waited for and may or may not have reached the cluster. ' +
  'Run `opstack plan` to see where things stand; running apply again converges. ' +
  'The apply lock was not given back: it expires on its own within 30s.';

/** The control of a CLI process; `deliver` is what its SIGINT and SIGTERM handlers call. */
export class SignalControl implements RunControl {
  private readonly cleanups = new Set<() => void>();
  private section: AbortController | undefined;
  private waiter: ((signal: StopSignal) => void) | undefined;
  private applied = false;
  private received: StopSignal | undefined;
  abandoned = false;

  constructor(private readonly process: ProcessExit) {}

  async critical<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const section = new AbortController();
    this.section = section;
    this.applied = true;
    try {
      return await work(section.signal);
    } finally {
      this.section = undefined;
    }
  }

  untilSignal(): Promise<StopSignal> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  onExit(cleanup: () => void): () => void {
    this.cleanups.add(cleanup);
    return () => void this.cleanups.delete(cleanup);
  }

  abandon(): void {
    this.abandoned = true;
  }

  deliver(signal: StopSignal): void {
    const first = this.received === undefined;
    this.received ??= signal;
    if (first && this.waiter) return this.waiter(signal);
    if (first && this.section) {
      this.section.abort(new InterruptedError(signal));
      const again = signal === 'SIGINT' ? 'Ctrl-C' : 'signal';
      this.process.stderr(`\n${signal}: stopping after the step in flight (${again} again to exit at once).\n`);
      return;
    }
    const state = this.section ? CUT_OFF : this.applied ? AFTER_APPLY : NOTHING_WRITTEN;
    this.exitNow(signal, `${first ? 'Interrupted' : 'Interrupted again'} (${signal}): ${state}`);
  }

  private exitNow(signal: StopSignal, message: string): void {
    for (const cleanup of this.cleanups) {
      try {
        cleanup();
      } catch {
        // Exiting anyway: one cleanup that fails must not keep the others from running.
      }
    }
    this.process.stderr(`\n${message}\n`);
    this.process.exit(SIGNAL_EXIT_CODES[signal]);
  }
}

/** For runs without signals (tests, embedding): a critical section is never aborted, nothing is cleaned up on exit. */
export const NO_SIGNALS: RunControl = {
  critical: (work) => work(new AbortController().signal),
  untilSignal: () => new Promise(() => undefined),
  onExit: () => () => undefined,
  abandon: () => undefined,
  abandoned: false,
};
