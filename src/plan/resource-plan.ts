import type { Note } from '../model/notes.js';
import type { HttpStep, Refusal, ResourceChange, WaitStep } from '../model/plan.js';
import { type DesiredResource, type ResourceType } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';

/** A step before the stack planner numbers it. */
export type UnnumberedStep = Omit<HttpStep, 'index'> | Omit<WaitStep, 'index'>;

/** What planning one resource yields: the changes to show (usually one), and the steps that make them. */
export interface ResourcePlan {
  readonly changes: readonly ResourceChange[];
  readonly steps: readonly UnnumberedStep[];
}

/** A planner's answer: the plan for its resource, or why it refuses to make one. */
export type PlannerResult = ResourcePlan | { readonly refusal: Refusal };

/** The identity of a change: which resource, in which stack, declared where. */
export function identityOf(
  desired: DesiredResource,
): Pick<ResourceChange, 'address' | 'stack' | 'type' | 'name' | 'constructPath' | 'impliedBy'> {
  return {
    address: resourceAddress(desired),
    stack: desired.stack,
    type: desired.type,
    name: desired.name,
    constructPath: desired.constructPath,
    impliedBy: null,
  };
}

/**
 * The change of a declaration that plans nothing by itself but implies deletions (area ownership,
 * absent raft peers). Its `after` is what it declared, so a saved plan can rebuild it.
 */
export function declarationChange(
  desired: DesiredResource,
  after: Record<string, unknown>,
  notes: readonly Note[] = [],
): ResourceChange {
  return { ...identityOf(desired), action: 'no-op', before: null, after, changes: [], unchangedCount: 0, notes };
}

/**
 * A deletion a declaration implies for an object it does not name: the object's resource type,
 * and a name in brackets that says which one (`dc1/consul_network_area[peer=dc3]`). `why` becomes
 * its `implied-deletion` note, before any risk notes.
 */
export function impliedDeletion(
  desired: DesiredResource,
  type: ResourceType,
  name: string,
  before: Record<string, unknown>,
  why: string,
  risks: readonly Note[] = [],
): ResourceChange {
  const notes: Note[] = [{ code: 'implied-deletion', severity: 'info', message: why }, ...risks];
  const address = `${desired.stack}/${type}${name}`;
  return {
    ...identityOf(desired),
    address,
    type,
    name,
    impliedBy: resourceAddress(desired),
    action: 'delete',
    before,
    after: null,
    changes: [],
    unchangedCount: 0,
    notes,
  };
}
