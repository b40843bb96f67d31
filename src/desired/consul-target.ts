import type { ConsulTarget } from '../model/target.js';
import { type DiagnosticSink, isRecord, isUnresolvedReference } from './diagnostics.js';

/** Provider attributes opstack reads; the others are refused so nothing is silently ignored. */
const TARGET_ATTRIBUTES = {
  address: 'address',
  scheme: 'scheme',
  datacenter: 'datacenter',
  ca_file: 'caFile',
  cert_file: 'certFile',
  key_file: 'keyFile',
} as const;

/**
 * Decodes a stack's `provider.consul` block into its target. Returns undefined (with a
 * diagnostic) when the stack names no cluster. The datacenter may still be missing here when
 * every resource names its own; the resource decoders check that.
 */
export function decodeConsulTarget(stack: string, providers: unknown, sink: DiagnosticSink): Omit<ConsulTarget, 'datacenter'> & { datacenter?: string } | undefined {
  const where = { stack, constructPath: `${stack}/provider.consul` };
  const blocks = isRecord(providers) ? providers.consul : undefined;
  if (!Array.isArray(blocks) || blocks.length === 0) {
    sink.error({ stack }, `Stack "${stack}" has no Consul target.`, 'Add a ConsulProvider block (address, datacenter) to the stack.');
    return undefined;
  }
  if (blocks.length > 1) {
    sink.error(where, `Stack "${stack}" has ${blocks.length} Consul provider blocks; opstack supports one cluster per stack.`, 'Put each cluster in a stack of its own.');
    return undefined;
  }
  const block: unknown = blocks[0];
  if (!isRecord(block)) return undefined;
  const target: Record<string, string> = {};
  for (const [key, value] of Object.entries(block)) {
    if (key === 'token') {
      sink.error(where, 'The provider block holds a token; opstack never reads tokens from stacks (the synthesised JSON would hold it in clear).', 'Remove `token` and set CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE where opstack runs.');
      continue;
    }
    const property = TARGET_ATTRIBUTES[key as keyof typeof TARGET_ATTRIBUTES];
    if (property === undefined) {
      sink.error(where, `Provider attribute "${key}" is not supported by opstack.`, `Supported: ${Object.keys(TARGET_ATTRIBUTES).join(', ')}. Environment variables such as CONSUL_HTTP_SSL_VERIFY cover the rest.`);
    } else if (typeof value !== 'string' || isUnresolvedReference(value) || value === '') {
      sink.error(where, `Provider attribute "${key}" must be a literal, non-empty string; got ${JSON.stringify(value)}.`);
    } else if (key === 'scheme' && value !== 'http' && value !== 'https') {
      sink.error(where, `Provider attribute "scheme" must be "http" or "https"; got "${value}".`);
    } else {
      target[property] = value;
    }
  }
  return { product: 'consul', ...target };
}
