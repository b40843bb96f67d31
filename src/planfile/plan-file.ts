import { readFile, writeFile } from 'node:fs/promises';
import { OpstackError } from '../model/errors.js';
import type { Plan, ResourceChange, StackPlan, Step } from '../model/plan.js';
import { assemblePlan, summarise } from '../plan/plan.js';
import { PLAN_FORMAT_VERSION, type PlanDocument } from '../render/json.js';
import { camelCaseKeys } from '../render/json-keys.js';
import type { Target } from '../model/target.js';

/** Saves the plan document. It holds targets, observed indexes and steps; never a token or key. */
export async function writePlanFile(path: string, document: PlanDocument): Promise<void> {
  await writeFile(path, JSON.stringify(document, null, 2) + '\n', { mode: 0o600 });
}

/** Reads a saved plan back into the Plan apply interprets, refusing anything it cannot trust. */
export async function readPlanFile(path: string): Promise<Plan> {
  let document: PlanDocument;
  try {
    document = JSON.parse(await readFile(path, 'utf8')) as PlanDocument;
  } catch (error) {
    throw invalid(path, `cannot be read as JSON (${(error as Error).message})`);
  }
  const major = (v: unknown) => (typeof v === 'string' ? v.split('.')[0] : undefined);
  if (major(document.format_version) !== major(PLAN_FORMAT_VERSION)) {
    throw invalid(path, `has format_version ${JSON.stringify(document.format_version)}; this opstack reads ${PLAN_FORMAT_VERSION}`);
  }
  if (document.kind !== 'plan') throw invalid(path, `is a ${String(document.kind)} report, not a plan`);
  if (document.errored) throw invalid(path, 'records errors; an errored plan cannot be applied');
  if (!Array.isArray(document.stacks) || !Array.isArray(document.steps) || !Array.isArray(document.resource_changes)) {
    throw invalid(path, 'lacks stacks, steps or resource_changes');
  }
  const stacks: StackPlan[] = document.stacks.map((s) => {
    const changes = document.resource_changes.filter((c) => c.stack === s.name).map(toResourceChange);
    return {
      name: s.name,
      target: camelCaseKeys(s.target) as Target,
      observed: s.observed.map((o: PlanDocument['stacks'][number]['observed'][number]) => ({ address: o.address, datacenter: o.datacenter, version: o.version })),
      changes,
      steps: document.steps.filter((step) => step.stack === s.name).map(toStep),
      summary: summarise(changes),
    };
  });
  return assemblePlan(stacks);
}

function toResourceChange(c: PlanDocument['resource_changes'][number]): ResourceChange {
  return {
    address: c.address,
    stack: c.stack,
    type: c.type as ResourceChange['type'],
    name: c.name,
    constructPath: c.construct_path,
    action: c.action,
    before: c.before,
    after: c.after,
    changes: c.changed_attributes.map((attribute) => ({ attribute, before: c.before?.[attribute], after: c.after?.[attribute] })),
    unchangedCount: Object.keys(c.after ?? c.before ?? {}).length - c.changed_attributes.length,
    notes: c.notes ?? [],
  };
}

function toStep({ stack: _stack, ...step }: PlanDocument['steps'][number]): Step {
  return step;
}

function invalid(path: string, why: string): OpstackError {
  return new OpstackError('PlanFileInvalid', `The plan file ${path} ${why}.`, 'Create a new one with `opstack plan --out <file>`.');
}
