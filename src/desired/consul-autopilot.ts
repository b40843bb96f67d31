import type { ConsulAutopilotSettings } from '../model/autopilot.js';
import type { DesiredConsulAutopilot } from '../model/resources.js';
import { type AutopilotAttribute, CONSUL_AUTOPILOT_ATTRIBUTES } from '../schema/consul-autopilot.js';
import { GoDurationError, parseGoDuration } from '../util/go-duration.js';
import { type DiagnosticSink, isRecord, isUnresolvedReference } from './diagnostics.js';

/** Keys of a resource block that are not attributes: cdktf metadata, and meta-arguments opstack honours. */
const META_KEYS = new Set(['//', 'datacenter', 'depends_on']);

export interface ResourceContext {
  readonly stack: string;
  readonly name: string;
  /** The provider block's datacenter, used when the resource names none. */
  readonly providerDatacenter: string | undefined;
  readonly sink: DiagnosticSink;
}

/** Decodes one `consul_autopilot_config` block; undefined when it has errors (all reported). */
export function decodeConsulAutopilot(block: unknown, context: ResourceContext): DesiredConsulAutopilot | undefined {
  const { stack, name, sink } = context;
  const constructPath = constructPathOf(block) ?? `${stack}/${name}`;
  const where = { stack, constructPath };
  if (!isRecord(block)) {
    sink.error(where, `consul_autopilot_config.${name} is not an object.`);
    return undefined;
  }
  const errorsBefore = sink.all.length;
  const declared: Partial<Record<keyof ConsulAutopilotSettings, unknown>> = {};
  for (const [key, value] of Object.entries(block)) {
    if (META_KEYS.has(key)) continue;
    const attribute = CONSUL_AUTOPILOT_ATTRIBUTES.find((a) => a.attribute === key);
    if (attribute === undefined) {
      sink.error(where, `Unknown attribute "${key}" on consul_autopilot_config.`, `Known attributes: ${CONSUL_AUTOPILOT_ATTRIBUTES.map((a) => a.attribute).join(', ')}.`);
      continue;
    }
    const problem = checkValue(attribute, value);
    if (problem) sink.error(where, `${key}: ${problem}`);
    else declared[attribute.field] = value;
  }
  const datacenter = block.datacenter ?? context.providerDatacenter;
  if (typeof datacenter !== 'string' || datacenter === '' || isUnresolvedReference(datacenter)) {
    sink.error(where, 'No datacenter: opstack names the datacenter in every request (?dc=).', 'Set `datacenter` on the ConsulProvider block (or on the resource).');
  }
  if (sink.all.length > errorsBefore || typeof datacenter !== 'string') return undefined;
  return {
    stack,
    type: 'consul_autopilot_config',
    name,
    constructPath,
    datacenter,
    declared: declared as Partial<ConsulAutopilotSettings>,
  };
}

/** Why a value is not acceptable for its attribute, or undefined when it is. */
function checkValue(attribute: AutopilotAttribute, value: unknown): string | undefined {
  if (isUnresolvedReference(value)) return `references and tokens cannot be resolved by opstack; use a literal value (got ${JSON.stringify(value)}).`;
  switch (attribute.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}.`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}.`;
    case 'uint':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `expected a whole number, got ${JSON.stringify(value)}.`;
      return value < 0 ? `must not be negative, got ${value}.` : undefined;
    case 'duration': {
      if (typeof value !== 'string') return `expected a Go duration string such as "200ms" or "1m", got ${JSON.stringify(value)}.`;
      try {
        return parseGoDuration(value) < 0n ? `must not be negative, got ${JSON.stringify(value)}.` : undefined;
      } catch (error) {
        if (!(error instanceof GoDurationError)) throw error;
        return `${JSON.stringify(value)} is not a Go duration (${error.message}). Use a number with a unit: ns, us, ms, s, m, h.`;
      }
    }
    default: {
      const unreachable: never = attribute.kind;
      return unreachable;
    }
  }
}

/** The construct path cdktf records in a block's `//` metadata. */
export function constructPathOf(block: unknown): string | undefined {
  if (!isRecord(block)) return undefined;
  const meta = block['//'];
  const path = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined;
  return typeof path === 'string' ? path : undefined;
}
