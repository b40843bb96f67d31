import type { Diagnostic } from './diagnostic.js';
import type { ErrorCode } from './errors.js';
import type { Plan } from './plan.js';

/** A stack that could not be planned, and why. */
export interface StackFailure {
  readonly stack: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

/** Everything a plan or drift run produced, for the renderers. */
export interface PlanReport {
  /** `drift` words the same differences as "the cluster moved away from the stack". */
  readonly mode: 'plan' | 'drift';
  readonly plan: Plan;
  readonly failures: readonly StackFailure[];
  readonly diagnostics: readonly Diagnostic[];
}
