import type { DesiredNomadScheduler } from '../model/resources.js';
import { SCHEDULER_ALGORITHMS, SCHEDULER_ATTRIBUTES, type SchedulerAttribute } from '../schema/nomad-scheduler.js';
import { isRecord, isUnresolvedReference } from './diagnostics.js';
import { checkAttributes, checkProduct, type ResourceContext, scopeOf, whereOf } from './resource-context.js';

const TYPE = 'nomad_scheduler_config';
const PREEMPTION = 'preemption_config';

/** Top-level attribute names, and those inside `preemption_config`. */
const TOP_LEVEL = [...new Set(SCHEDULER_ATTRIBUTES.map((a) => a.attribute.split('.')[0] ?? a.attribute))];
const PREEMPTION_KEYS = SCHEDULER_ATTRIBUTES.flatMap((a) =>
  a.attribute.startsWith(`${PREEMPTION}.`) ? [a.attribute.slice(PREEMPTION.length + 1)] : [],
);

/**
 * Decodes `nomad_scheduler_config` (the Terraform Nomad provider's resource and attribute names,
 * nomad-operator-api.md §3.6). Every problem is reported before any request: unknown attributes
 * (also inside `preemption_config`), wrong types, an algorithm Nomad would refuse with a 400.
 */
export function decodeNomadScheduler(block: unknown, context: ResourceContext): DesiredNomadScheduler | undefined {
  const where = whereOf(block, context);
  if (!isRecord(block)) {
    context.sink.error(where, `${TYPE}.${context.name} is not an object.`);
    return undefined;
  }
  const errorsBefore = context.sink.all.length;
  checkProduct(context, where, TYPE, 'nomad');
  checkAttributes(block, TYPE, TOP_LEVEL, context, where);
  const flat: Record<string, unknown> = { ...block };
  const preemption = block[PREEMPTION];
  if (preemption !== undefined) {
    if (isRecord(preemption)) {
      checkAttributes(preemption, `${TYPE}.${PREEMPTION}`, PREEMPTION_KEYS, context, where);
      for (const [key, value] of Object.entries(preemption)) flat[`${PREEMPTION}.${key}`] = value;
    } else {
      const expected = `expected a block of ${PREEMPTION_KEYS.join(', ')}`;
      context.sink.error(where, `${PREEMPTION}: ${expected}, got ${JSON.stringify(preemption)}.`);
    }
  }
  const declared: Record<string, boolean | string> = {};
  for (const attribute of SCHEDULER_ATTRIBUTES) {
    const value = flat[attribute.attribute];
    if (value === undefined) continue;
    const problem = checkValue(attribute, value);
    if (problem) context.sink.error(where, `${attribute.attribute}: ${problem}`);
    else declared[attribute.attribute] = value as boolean | string;
  }
  const scope = scopeOf(block, context, where);
  if (context.sink.all.length > errorsBefore || scope === undefined) return undefined;
  const ref = { stack: context.stack, name: context.name, constructPath: where.constructPath, datacenter: scope };
  return { ...ref, type: TYPE, declared };
}

/** Why a value is not acceptable for its attribute, or undefined when it is. */
function checkValue(attribute: SchedulerAttribute, value: unknown): string | undefined {
  if (isUnresolvedReference(value)) {
    return `references and tokens cannot be resolved by opstack; use a literal value (got ${JSON.stringify(value)}).`;
  }
  switch (attribute.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}.`;
    case 'algorithm':
      return typeof value === 'string' && (SCHEDULER_ALGORITHMS as readonly string[]).includes(value)
        ? undefined
        : `expected one of ${SCHEDULER_ALGORITHMS.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(value)}.`;
    default: {
      const unreachable: never = attribute.kind;
      return unreachable;
    }
  }
}
