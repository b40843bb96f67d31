import type { DeclaredKey, KeyReference } from '../model/keyring.js';
import { describeReference } from '../secrets/describe-reference.js';
import type { DesiredConsulKeyring } from '../model/resources.js';
import type { KeyRead } from '../secrets/key-references.js';
import { fingerprint } from '../util/fingerprint.js';
import { isRecord, isLiteralString } from './diagnostics.js';
import { checkAttributes, checkProduct, type ResourceContext, scopeOf, type Where, whereOf } from './resource-context.js';

export interface KeyringContext extends ResourceContext {
  /** Reads a key reference (environment or file); injected so loading stays testable. */
  readonly readKey: (reference: KeyReference) => KeyRead;
}

/**
 * Decodes `opstack_consul_gossip_keyring`: references only in the stack; each is read here to
 * check it (standard padded base64 of 16, 24 or 32 bytes, no duplicates) and to fingerprint it.
 * Messages name the reference and the construct path, never the key.
 */
export function decodeConsulKeyring(block: unknown, context: KeyringContext): DesiredConsulKeyring | undefined {
  const { stack, name, sink } = context;
  const where = whereOf(block, context);
  if (!isRecord(block)) return undefined;
  const before = sink.all.length;
  checkProduct(context, where, 'opstack_consul_gossip_keyring', 'consul');
  checkAttributes(block, 'opstack_consul_gossip_keyring', ['keys', 'relay_factor', 'datacenter'], context, where);
  const relayFactor = block.relay_factor;
  if (relayFactor !== undefined && (typeof relayFactor !== 'number' || !Number.isInteger(relayFactor) || relayFactor < 0 || relayFactor > 5)) {
    sink.error(where, `relay_factor: must be a whole number from 0 to 5 (Consul's range), got ${JSON.stringify(relayFactor)}.`);
  }
  const references = decodeReferences(block.keys, context, where);
  const keys: DeclaredKey[] = [];
  for (const reference of references) {
    const read = context.readKey(reference);
    if (!read.ok) {
      sink.error(where, `Gossip key ${read.problem}`, 'Point the reference at a base64 key such as `consul keygen` prints.');
      continue;
    }
    const print = fingerprint(read.key);
    const twin = keys.find((k) => k.fingerprint === print);
    if (twin) sink.error(where, `Gossip keys ${describeReference(twin.reference)} and ${describeReference(reference)} hold the same key (${print}).`, 'Declare each key once.');
    else keys.push({ reference, fingerprint: print });
  }
  const datacenter = scopeOf(block, context, where);
  if (sink.all.length > before || datacenter === undefined) return undefined;
  return { stack, type: 'opstack_consul_gossip_keyring', name, constructPath: where.constructPath, datacenter, keys, ...(typeof relayFactor === 'number' ? { relayFactor } : {}) };
}

function decodeReferences(value: unknown, context: KeyringContext, where: Where): KeyReference[] {
  if (!Array.isArray(value) || value.length === 0) {
    context.sink.error(where, 'keys: declare at least one gossip key (the first is the primary).');
    return [];
  }
  const references: KeyReference[] = [];
  value.forEach((entry: unknown, index) => {
    const env = isRecord(entry) ? entry.env : undefined;
    const file = isRecord(entry) ? entry.file : undefined;
    if (isLiteralString(env) && file === undefined) references.push({ source: 'env', name: env });
    else if (isLiteralString(file) && env === undefined) references.push({ source: 'file', name: file });
    else context.sink.error(where, `keys[${index}]: give exactly one of env (a variable name) or file (a path), as GossipKey.fromEnv / GossipKey.fromFile do.`);
  });
  return references;
}
