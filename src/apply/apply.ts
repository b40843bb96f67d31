import type { ConsulClients } from '../api/consul-clients.js';
import { OpstackError } from '../model/errors.js';
import type { Plan, Step, StackPlan } from '../model/plan.js';
import { querySuffix } from '../render/values.js';
import { checkNotStale, verifyConverged } from './reconcile-checks.js';

/** A step with the stack it belongs to, as apply reports it. */
export interface StepRef {
  readonly stack: string;
  readonly step: Step;
}

/** Progress, for the CLI to show; apply itself prints nothing. */
export type ApplyEvent =
  | { readonly kind: 'check-stale'; readonly stacks: number }
  | { readonly kind: 'step-start'; readonly ref: StepRef; readonly total: number; readonly position: number }
  | { readonly kind: 'step-done'; readonly ref: StepRef }
  | { readonly kind: 'verify'; readonly stacks: number };

export interface ApplyOutcome {
  readonly completed: readonly StepRef[];
  /** The step that failed, if one did; nothing after it ran. */
  readonly failed?: { readonly ref: StepRef; readonly error: OpstackError };
  readonly notRun: readonly StepRef[];
  /** Set when every step ran but a re-read still found differences, or a check before the steps failed. */
  readonly error?: OpstackError;
}

export interface ApplyOptions {
  /** For a saved plan: re-read every object first and refuse when any changed since planning. */
  readonly refuseIfStale: boolean;
  readonly onEvent: (event: ApplyEvent) => void;
}

/**
 * Runs a plan's steps in order, stopping at the first failure, then re-reads and verifies that
 * nothing is left to change. Steps are sent exactly as planned; the CAS index in each write
 * makes the server refuse it when the object changed after it was read.
 */
export async function applyPlan(plan: Plan, clients: ConsulClients, options: ApplyOptions): Promise<ApplyOutcome> {
  const refs = plan.stacks.flatMap((stack) => stack.steps.map((step) => ({ stack: stack.name, step })));
  if (options.refuseIfStale) {
    options.onEvent({ kind: 'check-stale', stacks: plan.stacks.length });
    try {
      await checkNotStale(plan, clients);
    } catch (error) {
      return { completed: [], notRun: refs, error: error as OpstackError };
    }
  }
  const completed: StepRef[] = [];
  for (const [position, ref] of refs.entries()) {
    options.onEvent({ kind: 'step-start', ref, total: refs.length, position: position + 1 });
    try {
      await runStep(findStack(plan, ref.stack), ref.step, clients);
    } catch (error) {
      return { completed, failed: { ref, error: error as OpstackError }, notRun: refs.slice(position + 1) };
    }
    completed.push(ref);
    options.onEvent({ kind: 'step-done', ref });
  }
  options.onEvent({ kind: 'verify', stacks: plan.stacks.length });
  try {
    await verifyConverged(plan, clients);
  } catch (error) {
    return { completed, notRun: [], error: error as OpstackError };
  }
  return { completed, notRun: [] };
}

async function runStep(stack: StackPlan, step: Step, clients: ConsulClients): Promise<void> {
  const answer = await clients.for(stack.target).write(step.method, step.path, { ...step.query }, step.body);
  switch (step.expect) {
    case 'cas-true':
      // consul-operator-api.md §4.5: a CAS write answers 200 with `true` or `false`.
      if (answer.trim() !== 'true') {
        throw new OpstackError(
          'CasConflict',
          `${step.address}: the object changed after opstack read it (${step.method} ${step.path}${querySuffix(step.query)} was refused by check-and-set; nothing was written).`,
          'Someone or something else changed it in the meantime. Run `opstack plan` again to see the current state, then apply.',
        );
      }
      return;
    default: {
      const unreachable: never = step.expect;
      throw new Error(`internal: unknown expectation ${String(unreachable)}`);
    }
  }
}

function findStack(plan: Plan, name: string): StackPlan {
  const stack = plan.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`internal: no stack ${name} in the plan`);
  return stack;
}
