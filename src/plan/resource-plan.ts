import type { HttpStep, ResourceChange, WaitStep } from '../model/plan.js';

/** A step before the stack planner numbers it. */
export type UnnumberedStep = Omit<HttpStep, 'index'> | Omit<WaitStep, 'index'>;

/** What planning one resource yields: the change to show, and the steps that make it. */
export interface ResourcePlan {
  readonly change: ResourceChange;
  readonly steps: readonly UnnumberedStep[];
}
