import type { ConsulTarget, NomadTarget } from '../model/target.js';
import { type DiagnosticSink, isRecord, isLiteralString, kindOf } from './diagnostics.js';

/** A Consul target may still lack its datacenter here, when every resource names its own. */
export type DecodedTarget = (Omit<ConsulTarget, 'datacenter'> & { readonly datacenter?: string }) | NomadTarget;

/** Provider attributes opstack reads, per product; the others are refused so nothing is silently ignored. */
const ATTRIBUTES = {
  consul: {
    address: 'address',
    scheme: 'scheme',
    datacenter: 'datacenter',
    ca_file: 'caFile',
    cert_file: 'certFile',
    key_file: 'keyFile',
  },
  nomad: { address: 'address', region: 'region', ca_file: 'caFile', cert_file: 'certFile', key_file: 'keyFile' },
} as const;

/** Attributes that would put a secret into the synthesised JSON, and where opstack reads each instead. */
const SECRET_VARIABLES = {
  consul: { token: 'CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE', http_auth: 'CONSUL_HTTP_AUTH' },
  nomad: { secret_id: 'NOMAD_TOKEN', token: 'NOMAD_TOKEN', http_auth: 'NOMAD_HTTP_AUTH' },
} as const;

/**
 * Decodes a stack's provider block — `consul` (ConsulProvider) or `nomad` (NomadProvider) — into
 * its target. Returns undefined (with a diagnostic) when the stack names no single cluster.
 */
export function decodeTarget(stack: string, providers: unknown, sink: DiagnosticSink): DecodedTarget | undefined {
  const blocksOf = (product: 'consul' | 'nomad') =>
    isRecord(providers) && Array.isArray(providers[product]) ? (providers[product] as unknown[]) : [];
  const present = (['consul', 'nomad'] as const).filter((product) => blocksOf(product).length > 0);
  if (present.length === 0) {
    sink.error(
      { stack },
      `Stack "${stack}" has no Consul or Nomad target.`,
      'Add a ConsulProvider block (address, datacenter) or a NomadProvider block (address, region) to the stack.',
    );
    return undefined;
  }
  const product = present[0] ?? 'consul';
  const blocks = blocksOf(product);
  const where = { stack, constructPath: `${stack}/provider.${product}` };
  if (present.length > 1 || blocks.length > 1) {
    sink.error(
      where,
      `Stack "${stack}" names more than one cluster; opstack targets one cluster per stack.`,
      'Put each cluster in a stack of its own.',
    );
    return undefined;
  }
  const block: unknown = blocks[0];
  if (!isRecord(block)) {
    sink.error(where, `The ${product} provider block is not an object; got ${kindOf(block)}.`);
    return undefined;
  }
  const target: Record<string, string> = {};
  for (const [key, value] of Object.entries(block)) {
    if (Object.hasOwn(SECRET_VARIABLES[product], key)) {
      sink.secret(
        where,
        `The provider block holds a secret ("${key}"); opstack never reads ` +
          `secrets from stacks (the synthesised JSON would hold it in clear).`,
        `Remove \`${key}\` and set ${(SECRET_VARIABLES[product] as Record<string, string>)[key]} where opstack runs.`,
      );
      continue;
    }
    const property = (ATTRIBUTES[product] as Record<string, string>)[key];
    if (property === undefined) {
      sink.error(
        where,
        `Provider attribute "${key}" is not supported by opstack.`,
        `Supported: ${Object.keys(ATTRIBUTES[product]).join(', ')}. ` +
          `Environment variables cover the rest (see the README).`,
      );
    } else if (!isLiteralString(value)) {
      sink.error(
        where,
        `Provider attribute "${key}" must be a literal, non-empty string; got ${JSON.stringify(value)}.`,
      );
    } else if (key === 'scheme' && value !== 'http' && value !== 'https') {
      sink.error(where, `Provider attribute "scheme" must be "http" or "https"; got "${value}".`);
    } else {
      target[property] = value;
    }
  }
  return { product, ...target } as DecodedTarget;
}
