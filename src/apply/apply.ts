import type { ApiClients } from '../api/api-clients.js';
import type { Environment } from '../api/connection.js';
import { OpstackError } from '../model/errors.js';
import type { Plan, Step, StackPlan } from '../model/plan.js';
import type { PoolCoverage } from './keyring-gates.js';
import { acquireLocks, type HeldLocks, type LockOptions } from './lock/apply-locks.js';
import { checkUnmoved, verifyConverged } from './reconcile-checks.js';
import { runHttpStep, runWaitStep, type StepContext, type StepResult } from './run-step.js';

/** A step with the stack it belongs to, as apply reports it. */
export interface StepRef {
  readonly stack: string;
  readonly step: Step;
}

/** Progress, for the CLI to show; apply itself prints nothing. */
export type ApplyEvent =
  /** A saved plan is being checked against the stacks and the clusters (saved-plan.ts), before apply. */
  | { readonly kind: 'check-saved'; readonly stacks: number }
  /** This apply waited for another run's lock: checking that nothing it planned against moved. */
  | { readonly kind: 'check-unmoved'; readonly stacks: number }
  /** The steps about to run, in order (after the lock and the unmoved check). */
  | { readonly kind: 'apply-start'; readonly steps: readonly StepRef[] }
  | { readonly kind: 'step-start'; readonly ref: StepRef; readonly total: number; readonly position: number }
  | { readonly kind: 'step-done'; readonly ref: StepRef; readonly result: StepResult }
  /** The step did not finish: it failed, or the wait it was in was abandoned; the outcome says which. */
  | { readonly kind: 'step-failed'; readonly ref: StepRef }
  | { readonly kind: 'wait-progress'; readonly ref: StepRef; readonly coverage: readonly PoolCoverage[] }
  | { readonly kind: 'verify'; readonly stacks: number };

export interface ApplyOutcome {
  readonly completed: readonly StepRef[];
  /** The step that failed, if one did; nothing after it ran. */
  readonly failed?: { readonly ref: StepRef; readonly error: OpstackError };
  readonly notRun: readonly StepRef[];
  /** Set when every step ran but a re-read still found differences. */
  readonly error?: OpstackError;
  /** Why apply stopped between steps (a signal, a lost lock): no step was cut off half-way. */
  readonly stopped?: OpstackError;
  /** Locks that could not be given back (each expires with its TTL). */
  readonly lockProblems: readonly string[];
}

export interface ApplyOptions {
  /** Where key references are read from at apply time. */
  readonly env: Environment;
  /** How long a wait step polls before giving up. */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly onEvent: (event: ApplyEvent) => void;
  /** Take each written cluster's lock first (`--lock`); absent with `--lock=false`. */
  readonly lock?: LockOptions;
  /** Aborted (with an OpstackError reason) to stop: no new step starts, a wait in flight is abandoned. */
  readonly signal?: AbortSignal;
}

type Run = Omit<ApplyOutcome, 'lockProblems'>;

/**
 * Runs a plan's steps in order, stopping at the first failure, then re-reads and verifies that
 * nothing is left to change. Steps are sent exactly as planned; the CAS index in each write
 * makes the server refuse it when the object changed after it was read. First it takes the lock
 * of every cluster it writes to and holds it to the end; an abort (a signal, a lost lock) stops it
 * between steps, and a wait — which only reads — may be abandoned, so no write is left unreported.
 */
export async function applyPlan(plan: Plan, clients: ApiClients, options: ApplyOptions): Promise<ApplyOutcome> {
  const refs = plan.stacks.flatMap((stack) => stack.steps.map((step) => ({ stack: stack.name, step })));
  let locks: HeldLocks | undefined;
  try {
    const { lock, signal } = options;
    locks = lock && refs.length > 0 ? await acquireLocks(plan, clients, lock, signal) : undefined;
  } catch (error) {
    // A signal while waiting for another run's lock: stopped before the first step.
    const { signal } = options;
    const stopped = signal?.aborted ? { stopped: stopReason(signal) } : { error: error as OpstackError };
    return { completed: [], notRun: refs, ...stopped, lockProblems: [] };
  }
  try {
    const run = await runSteps(plan, refs, clients, options, locks);
    return { ...run, lockProblems: locks ? await locks.release() : [] };
  } catch (error) {
    await locks?.release();
    throw error;
  }
}

async function runSteps(
  plan: Plan,
  refs: readonly StepRef[],
  clients: ApiClients,
  options: ApplyOptions,
  locks: HeldLocks | undefined,
): Promise<Run> {
  // A plan made before another run released the lock may be out of date: check nothing it read moved.
  if (locks?.waited) {
    options.onEvent({ kind: 'check-unmoved', stacks: plan.stacks.length });
    try {
      await checkUnmoved(plan, clients);
    } catch (error) {
      return { completed: [], notRun: refs, error: error as OpstackError };
    }
  }
  const signal = AbortSignal.any([options.signal, locks?.lost].filter((s) => s !== undefined));
  const completed: StepRef[] = [];
  options.onEvent({ kind: 'apply-start', steps: refs });
  for (const [position, ref] of refs.entries()) {
    if (signal.aborted) return { completed, notRun: refs.slice(position), stopped: stopReason(signal) };
    options.onEvent({ kind: 'step-start', ref, total: refs.length, position: position + 1 });
    let result: StepResult;
    try {
      result = await runStep(findStack(plan, ref.stack), ref.step, clients, options, ref, signal);
    } catch (error) {
      options.onEvent({ kind: 'step-failed', ref });
      if (signal.aborted && ref.step.kind === 'wait')
        return { completed, notRun: refs.slice(position), stopped: stopReason(signal) };
      return { completed, failed: { ref, error: error as OpstackError }, notRun: refs.slice(position + 1) };
    }
    completed.push(ref);
    options.onEvent({ kind: 'step-done', ref, result });
  }
  // Stopped during the last step: it finished, and the verifying re-read is left to the next plan.
  if (signal.aborted) return { completed, notRun: [], stopped: stopReason(signal) };
  options.onEvent({ kind: 'verify', stacks: plan.stacks.length });
  try {
    await verifyConverged(plan, clients);
  } catch (error) {
    return { completed, notRun: [], error: error as OpstackError };
  }
  return { completed, notRun: [] };
}

function stopReason(signal: AbortSignal): OpstackError {
  const reason: unknown = signal.reason;
  return reason instanceof OpstackError ? reason : new OpstackError('Interrupted', 'Apply was interrupted.');
}

function runStep(
  stack: StackPlan,
  step: Step,
  clients: ApiClients,
  options: ApplyOptions,
  ref: StepRef,
  signal: AbortSignal,
): Promise<StepResult> {
  const context: StepContext = {
    client: clients.for(stack.target),
    env: options.env,
    waitTimeoutMs: options.waitTimeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    onProgress: (coverage) => options.onEvent({ kind: 'wait-progress', ref, coverage }),
    signal,
  };
  switch (step.kind) {
    case 'http':
      return runHttpStep(step, context);
    case 'wait':
      return runWaitStep(step, context);
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function findStack(plan: Plan, name: string): StackPlan {
  const stack = plan.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`internal: no stack ${name} in the plan`);
  return stack;
}
