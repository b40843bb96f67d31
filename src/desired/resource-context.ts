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
  if (isLiteralString(datacenter)) return datacenter;
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
