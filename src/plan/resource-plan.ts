import type { HttpStep, ResourceChange, WaitStep } from '../model/plan.js';

/** A step before the stack planner numbers it. */
export type UnnumberedStep = Omit<HttpStep, 'index'> | Omit<WaitStep, 'index'>;

/** What planning one resource yields: the changes to show (usually one), and the steps that make them. */
export interface ResourcePlan {
  readonly changes: readonly ResourceChange[];
  readonly steps: readonly UnnumberedStep[];
}
