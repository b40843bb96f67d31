import type { ResourceChange, StackPlan } from '../model/plan.js';
import type { PlanReport } from '../model/report.js';
import { OPSTACK_VERSION } from '../version.js';
import { encodeDesired } from './desired-document.js';
import { snakeCaseKeys } from './json-keys.js';
import { type ChangeDocument, PLAN_FORMAT_VERSION, type PlanDocument, type StackDocument } from './plan-document.js';
import { encodeStep } from './step-document.js';

/**
 * The document of a plan or drift report. `opstackVersion` is the version that made the plan:
 * this one, unless a saved plan is shown again.
 */
export function toDocument(report: PlanReport, opstackVersion: string = OPSTACK_VERSION): PlanDocument {
  const { plan } = report;
  return {
    format_version: PLAN_FORMAT_VERSION,
    opstack_version: opstackVersion,
    kind: report.mode,
    has_changes: plan.hasChanges,
    errored: report.failures.length > 0 || report.diagnostics.some((d) => d.severity === 'error'),
    summary: plan.summary,
    stacks: plan.stacks.map(encodeStack),
    resource_changes: plan.stacks.flatMap((s) => s.changes.map(encodeChange)),
    steps: plan.stacks.flatMap((s) => s.steps.map((step) => encodeStep(s.name, step))),
    errors: report.failures.map((f) => ({ stack: f.stack, code: f.code, message: f.message, hint: f.hint ?? null })),
    diagnostics: snakeCaseKeys(report.diagnostics) as PlanDocument['diagnostics'],
  };
}

/** A stack without its changes and steps (the document lists those flat, for jq). */
export function encodeStack(stack: StackPlan): StackDocument {
  const { cluster } = stack;
  return {
    name: stack.name,
    target: snakeCaseKeys(stack.target) as StackDocument['target'],
    ...(cluster ? { cluster: { address: cluster.address, scope: cluster.scope, server_ids: cluster.serverIds } } : {}),
    declared: stack.declared.map(encodeDesired),
    observed: stack.observed.map((o) => ({ address: o.address, datacenter: o.datacenter, version: o.version })),
  };
}

export function encodeChange(change: ResourceChange): ChangeDocument {
  return {
    address: change.address,
    stack: change.stack,
    type: change.type,
    name: change.name,
    construct_path: change.constructPath,
    action: change.action,
    before: change.before,
    after: change.after,
    changed_attributes: change.changes.map((a) => a.attribute),
    attribute_changes: change.changes.map((a) => ({ attribute: a.attribute, before: a.before, after: a.after })),
    unchanged_count: change.unchangedCount,
    implied_by: change.impliedBy,
    notes: change.notes,
  };
}

/** The document's text: what `--json` prints and `--out` saves, byte for byte. */
export function serialiseDocument(document: PlanDocument): string {
  return JSON.stringify(document, null, 2) + '\n';
}
