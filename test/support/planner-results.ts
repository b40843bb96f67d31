import type { Refusal } from '../../src/model/plan.js';
import type { PlannerResult, ResourcePlan } from '../../src/plan/resource-plan.js';

/** The plan a planner made; fails the test, naming the refusal, when it refused instead. */
export function planned(result: PlannerResult): ResourcePlan {
  if ('refusal' in result) throw new Error(`expected a plan, got a refusal: ${result.refusal.message}`);
  return result;
}

/** The refusal a planner returned; fails the test when it planned instead. */
export function refusalOf(result: PlannerResult): Refusal {
  if (!('refusal' in result)) throw new Error(`expected a refusal, got a plan with ${result.steps.length} steps`);
  return result.refusal;
}
