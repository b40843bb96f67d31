import type { ApiClients } from '../api/api-clients.js';
import type { Environment } from '../api/connection.js';
import type { OpstackError } from '../model/errors.js';
import type { Plan, Step, StackPlan } from '../model/plan.js';
import type { PoolCoverage } from './keyring-gates.js';
import { verifyConverged } from './reconcile-checks.js';
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
  | { readonly kind: 'step-start'; readonly ref: StepRef; readonly total: number; readonly position: number }
  | { readonly kind: 'step-done'; readonly ref: StepRef; readonly result: StepResult }
  | { readonly kind: 'wait-progress'; readonly ref: StepRef; readonly coverage: readonly PoolCoverage[] }
  | { readonly kind: 'verify'; readonly stacks: number };

export interface ApplyOutcome {
  readonly completed: readonly StepRef[];
  /** The step that failed, if one did; nothing after it ran. */
  readonly failed?: { readonly ref: StepRef; readonly error: OpstackError };
  readonly notRun: readonly StepRef[];
  /** Set when every step ran but a re-read still found differences. */
  readonly error?: OpstackError;
}

export interface ApplyOptions {
  /** Where key references are read from at apply time. */
  readonly env: Environment;
  /** How long a wait step polls before giving up. */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly onEvent: (event: ApplyEvent) => void;
}

/**
 * Runs a plan's steps in order, stopping at the first failure, then re-reads and verifies that
 * nothing is left to change. Steps are sent exactly as planned; the CAS index in each write
 * makes the server refuse it when the object changed after it was read.
 */
export async function applyPlan(plan: Plan, clients: ApiClients, options: ApplyOptions): Promise<ApplyOutcome> {
  const refs = plan.stacks.flatMap((stack) => stack.steps.map((step) => ({ stack: stack.name, step })));
  const completed: StepRef[] = [];
  for (const [position, ref] of refs.entries()) {
    options.onEvent({ kind: 'step-start', ref, total: refs.length, position: position + 1 });
    let result: StepResult;
    try {
      result = await runStep(findStack(plan, ref.stack), ref.step, clients, options, ref);
    } catch (error) {
      return { completed, failed: { ref, error: error as OpstackError }, notRun: refs.slice(position + 1) };
    }
    completed.push(ref);
    options.onEvent({ kind: 'step-done', ref, result });
  }
  options.onEvent({ kind: 'verify', stacks: plan.stacks.length });
  try {
    await verifyConverged(plan, clients);
  } catch (error) {
    return { completed, notRun: [], error: error as OpstackError };
  }
  return { completed, notRun: [] };
}

function runStep(stack: StackPlan, step: Step, clients: ApiClients, options: ApplyOptions, ref: StepRef): Promise<StepResult> {
  const context: StepContext = {
    client: clients.for(stack.target),
    env: options.env,
    waitTimeoutMs: options.waitTimeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    onProgress: (coverage) => options.onEvent({ kind: 'wait-progress', ref, coverage }),
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
