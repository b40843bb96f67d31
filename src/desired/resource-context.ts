import { type DiagnosticSink, isRecord, isLiteralString } from './diagnostics.js';

/** What a resource decoder knows about where it is. */
export interface ResourceContext {
  readonly stack: string;
  readonly name: string;
  /** The stack's product, from its provider block (undefined when the stack has none). */
  readonly product: 'consul' | 'nomad' | undefined;
  /** The provider block's datacenter (Consul) or region (Nomad), used when the resource names none. */
  readonly providerScope: string | undefined;
  readonly sink: DiagnosticSink;
}

export interface Where {
  readonly stack: string;
  readonly constructPath: string;
}

/** The construct path cdktf records in a block's `//` metadata. */
function constructPathOf(block: unknown): string | undefined {
  if (!isRecord(block)) return undefined;
  const meta = block['//'];
  const path = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined;
  return typeof path === 'string' ? path : undefined;
}

/** Where a block is, for diagnostics: its stack and construct path. */
export function whereOf(block: unknown, context: ResourceContext): Where {
  return { stack: context.stack, constructPath: constructPathOf(block) ?? `${context.stack}/${context.name}` };
}

/**
 * The datacenter a Consul resource's requests name (`?dc=`), from the resource or its provider.
 * A Nomad resource uses the provider's region, or '' for "resolved when connecting"
 * (NOMAD_REGION, then `global`). Undefined, with a diagnostic, when a Consul one has none.
 */
export function scopeOf(block: Record<string, unknown>, context: ResourceContext, where: Where): string | undefined {
  if (context.product === 'nomad') return context.providerScope ?? '';
  const datacenter = block.datacenter ?? context.providerScope;
  if (isLiteralString(datacenter)) return checkDatacenterName(datacenter, 'datacenter', context.sink, where);
  // Without a target, "no datacenter" would only repeat "no cluster target".
  if (context.product !== undefined) {
    context.sink.error(
      where,
      'No datacenter: opstack names the datacenter in every request (?dc=).',
      'Set `datacenter` on the ConsulProvider block (or on the resource).',
    );
  }
  return undefined;
}

/**
 * A Consul agent refuses to start with a datacenter name of anything but letters, digits, `-` and
 * `_` (it lowercases, then checks `[a-z0-9_-]`: "datacenter can only contain lowercase alphanumeric,
 * - or _ characters"). Any other name cannot exist, so it is refused here instead of going out in a
 * `?dc=` and failing with "no path to datacenter" after requests.
 */
export function checkDatacenterName(name: string, attribute: string, sink: DiagnosticSink, where: Where) {
  if (/^[A-Za-z0-9_-]+$/.test(name)) return name;
  sink.error(
    where,
    `${attribute}: ${JSON.stringify(name)} cannot be a Consul datacenter: ` +
      `Consul allows only letters, digits, - and _ in datacenter names.`,
    'Use the name the servers were started with (`datacenter` in their agent configuration).',
  );
  return undefined;
}

/** Reports a resource declared in a stack of the other product. */
export function checkProduct(
  context: ResourceContext,
  where: Where,
  type: string,
  wanted: 'consul' | 'nomad' | 'any',
): boolean {
  if (wanted === 'any' || context.product === undefined || context.product === wanted) return true;
  context.sink.error(
    where,
    `${type} belongs in a stack whose provider is ${wanted === 'consul' ? 'ConsulProvider' : 'NomadProvider'}, ` +
      `but this stack targets ${context.product === 'consul' ? 'Consul' : 'Nomad'}.`,
    'Move it to a stack for the right cluster.',
  );
  return false;
}

/** Keys any resource block may carry: cdktf's metadata, and `depends_on`, which opstack ignores. */
const META_KEYS = ['//', 'depends_on'];

/**
 * Reports every key of `block` that is neither one of `attributes` nor a meta key, naming the
 * attributes the type has. `tolerated` keys are reported by the caller in its own words.
 */
export function checkAttributes(
  block: Record<string, unknown>,
  type: string,
  attributes: readonly string[],
  context: ResourceContext,
  where: Where,
  tolerated: readonly string[] = [],
): void {
  for (const key of Object.keys(block)) {
    if (META_KEYS.includes(key) || attributes.includes(key) || tolerated.includes(key)) continue;
    context.sink.error(where, `Unknown attribute "${key}" on ${type}.`, `Known attributes: ${attributes.join(', ')}.`);
  }
}
