import type { DesiredAutopilot } from '../model/resources.js';
import { type AutopilotAttribute, type AutopilotType, autopilotAttributes } from '../schema/autopilot.js';
import { GoDurationError, parseGoDuration } from '../util/go-duration.js';
import { isRecord, isUnresolvedReference } from './diagnostics.js';
import { checkAttributes, checkProduct, type ResourceContext, scopeOf, whereOf } from './resource-context.js';

/** `consul_autopilot_config` needs a Consul stack; `opstack_nomad_autopilot_config` a Nomad one. */
const PRODUCT = { consul_autopilot_config: 'consul', opstack_nomad_autopilot_config: 'nomad' } as const;

/** An empty block is most likely a typo that the provider's class dropped on the way to the JSON. */
const NOTHING_DECLARED = {
  consul_autopilot_config:
    'Declare at least one, e.g. minQuorum. If you did, a name ' +
    'is mistyped: AutopilotConfig from @cdktf/provider-consul ' +
    'drops properties it does not know, ConsulAutopilotConfig from ' +
    "'opstack' rejects them, and `opstack validate` type-checks the app.",
  opstack_nomad_autopilot_config: 'Declare at least one, e.g. minQuorum.',
} as const;

/** A decoder for one autopilot resource type; its result is undefined when it has errors (all reported). */
export function autopilotDecoder(type: AutopilotType) {
  const attributes = autopilotAttributes(type);
  // A Consul resource may name another datacenter than its provider's; a Nomad one uses its stack's region.
  const known = [...attributes.map((a) => a.attribute), ...(type === 'consul_autopilot_config' ? ['datacenter'] : [])];
  return (block: unknown, context: ResourceContext): DesiredAutopilot | undefined => {
    const where = whereOf(block, context);
    if (!isRecord(block)) {
      context.sink.error(where, `${type}.${context.name} is not an object.`);
      return undefined;
    }
    const errorsBefore = context.sink.all.length;
    checkProduct(context, where, type, PRODUCT[type]);
    const declared: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block)) {
      const attribute = attributes.find((a) => a.attribute === key);
      if (attribute === undefined) continue;
      const problem = autopilotValueProblem(attribute, value);
      if (problem) context.sink.error(where, `${key}: ${problem}`);
      else declared[attribute.field] = value;
    }
    checkAttributes(block, type, known, context, where);
    if (context.sink.all.length === errorsBefore && Object.keys(declared).length === 0) {
      context.sink.error(
        where,
        `${type}.${context.name} declares no setting, so opstack would manage nothing.`,
        NOTHING_DECLARED[type],
      );
    }
    const scope = scopeOf(block, context, where);
    if (context.sink.all.length > errorsBefore || scope === undefined) return undefined;
    const ref = { stack: context.stack, name: context.name, constructPath: where.constructPath, datacenter: scope };
    // The attribute table checked every field against this type's settings.
    return { ...ref, type, declared } as DesiredAutopilot;
  };
}

/** 2^64 - 1: the largest uint64, and uint on the 64-bit platforms Consul and Nomad ship for. */
const MAX_UINT64 = 18446744073709551615n;

/**
 * Why a number does not fit the Go unsigned type the server decodes it into, or cannot be held
 * exactly: JSON numbers past 2^53 arrive here already rounded (9007199254740993 reads as
 * 9007199254740992), so a value there would not be the one declared.
 */
function wholeNumberProblem(value: unknown, goType: 'uint64' | 'uint'): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `expected a whole number, got ${JSON.stringify(value)}.`;
  if (value < 0) return `must not be negative (a Go ${goType}), got ${value}.`;
  if (BigInt(value) > MAX_UINT64) return `${value} is outside a Go ${goType} (0 to ${MAX_UINT64}).`;
  if (!Number.isSafeInteger(value))
    return (
      `${value} is above ${Number.MAX_SAFE_INTEGER}, where a JSON number is no longer ` +
      `read exactly (the declared value may have been rounded); use a smaller value.`
    );
  return undefined;
}

/**
 * Why a value is not acceptable for its attribute, or undefined when it is: what a stack declares,
 * and what `opstack import` accepts from a server before writing it into a stack.
 */
export function autopilotValueProblem(attribute: AutopilotAttribute, value: unknown): string | undefined {
  if (isUnresolvedReference(value))
    return `references and tokens cannot be resolved by opstack; use a literal value (got ${JSON.stringify(value)}).`;
  switch (attribute.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}.`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}.`;
    case 'uint':
      return wholeNumberProblem(value, attribute.goType ?? 'uint64');
    case 'duration': {
      if (typeof value !== 'string')
        return `expected a Go duration string such as "200ms" or "1m", got ${JSON.stringify(value)}.`;
      try {
        return parseGoDuration(value) < 0n ? `must not be negative, got ${JSON.stringify(value)}.` : undefined;
      } catch (error) {
        if (!(error instanceof GoDurationError)) throw error;
        return (
          `${JSON.stringify(value)} is not a Go duration ` +
          `(${error.message}). Use a number with a unit: ns, us, ms, s, m, h.`
        );
      }
    }
    default: {
      const unreachable: never = attribute.kind;
      return unreachable;
    }
  }
}
