import type { DeclaredKey, KeyReference } from '../model/keyring.js';
import { describeReference } from '../secrets/describe-reference.js';
import type { DesiredConsulKeyring, DesiredNomadKeyring } from '../model/resources.js';
import type { KeyRead } from '../secrets/key-references.js';
import { fingerprint } from '../util/fingerprint.js';
import { isRecord, isLiteralString } from './diagnostics.js';
import {
  checkAttributes,
  checkProduct,
  type ResourceContext,
  scopeOf,
  type Where,
  whereOf,
} from './resource-context.js';

export interface KeyringContext extends ResourceContext {
  /** Reads a key reference (environment or file); injected so loading stays testable. */
  readonly readKey: (reference: KeyReference) => KeyRead;
}

/** Where each product's keygen is, for the hint when a reference holds no usable key. */
const KEYGEN = { consul: '`consul keygen`', nomad: '`nomad operator gossip keyring generate`' } as const;

const TYPE = { consul: 'opstack_consul_gossip_keyring', nomad: 'opstack_nomad_gossip_keyring' } as const;
/**
 * Consul's keyring may name another datacenter and a relay factor; a Nomad keyring operation
 * reaches every server of the federation (nomad-operator-api.md §3.8): nothing to choose.
 */
const ATTRIBUTES = { consul: ['keys', 'relay_factor', 'datacenter'], nomad: ['keys'] } as const;

/**
 * A decoder for `opstack_consul_gossip_keyring` or `opstack_nomad_gossip_keyring`: references
 * only in the stack; each is read here to check it (standard padded base64 of 16, 24 or 32
 * bytes, no duplicates) and to fingerprint it. Messages name the reference and the construct
 * path, never the key.
 */
function keyringDecoder<P extends 'consul' | 'nomad'>(product: P) {
  return (
    block: unknown,
    context: KeyringContext,
  ): (P extends 'consul' ? DesiredConsulKeyring : DesiredNomadKeyring) | undefined => {
    const where = whereOf(block, context);
    if (!isRecord(block)) return undefined;
    const before = context.sink.all.length;
    checkProduct(context, where, TYPE[product], product);
    checkAttributes(block, TYPE[product], ATTRIBUTES[product], context, where);
    const relayFactor = product === 'consul' ? decodeRelayFactor(block.relay_factor, context, where) : undefined;
    const keys = decodeKeys(block.keys, context, where, product);
    const scope = scopeOf(block, context, where);
    if (context.sink.all.length > before || scope === undefined) return undefined;
    const ref = {
      stack: context.stack,
      name: context.name,
      constructPath: where.constructPath,
      datacenter: scope,
      keys,
    };
    const resource: DesiredConsulKeyring | DesiredNomadKeyring =
      product === 'consul'
        ? { ...ref, type: 'opstack_consul_gossip_keyring', ...(relayFactor === undefined ? {} : { relayFactor }) }
        : { ...ref, type: 'opstack_nomad_gossip_keyring' };
    // The type follows `product`, which TypeScript cannot narrow through the generic.
    return resource as P extends 'consul' ? DesiredConsulKeyring : DesiredNomadKeyring;
  };
}

export const decodeConsulKeyring = keyringDecoder('consul');
export const decodeNomadKeyring = keyringDecoder('nomad');

/** Consul's `relay-factor` (0–5), when declared. */
function decodeRelayFactor(value: unknown, context: KeyringContext, where: Where): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5) return value;
  context.sink.error(
    where,
    `relay_factor: must be a whole number from 0 to 5 (Consul's range), got ${JSON.stringify(value)}.`,
  );
  return undefined;
}

/** Reads each reference, checks it and fingerprints it; problems name the reference, never the key. */
function decodeKeys(value: unknown, context: KeyringContext, where: Where, product: 'consul' | 'nomad'): DeclaredKey[] {
  const { sink } = context;
  const references = decodeReferences(value, context, where);
  const keys: DeclaredKey[] = [];
  for (const reference of references) {
    const read = context.readKey(reference);
    if (!read.ok) {
      sink.error(
        where,
        `Gossip key ${read.problem}`,
        `Point the reference at a base64 key such as ${KEYGEN[product]} prints.`,
      );
      continue;
    }
    const print = fingerprint(read.key);
    const twin = keys.find((k) => k.fingerprint === print);
    if (twin)
      sink.error(
        where,
        `Gossip keys ${describeReference(twin.reference)} and ${describeReference(reference)} ` +
          `hold the same key (${print}).`,
        'Declare each key once.',
      );
    else keys.push({ reference, fingerprint: print });
  }
  return keys;
}

function decodeReferences(value: unknown, context: KeyringContext, where: Where): KeyReference[] {
  if (!Array.isArray(value) || value.length === 0) {
    context.sink.error(where, 'keys: declare at least one gossip key (the first is the primary).');
    return [];
  }
  const references: KeyReference[] = [];
  value.forEach((entry: unknown, index) => {
    // Any other field (a `value` or `key` beside `env`) was ignored: it may be the key itself, in clear.
    const other = isRecord(entry) ? Object.keys(entry).find((field) => field !== 'env' && field !== 'file') : undefined;
    if (other !== undefined) {
      context.sink.secret(
        where,
        `keys[${index}] has a field "${other}" opstack does not read; a gossip key is only named ` +
          '(env or file), never written into the stack, whose synthesised JSON would hold it in clear.',
        'Use GossipKey.fromEnv or GossipKey.fromFile, and remove the field.',
      );
      return;
    }
    const env = isRecord(entry) ? entry.env : undefined;
    const file = isRecord(entry) ? entry.file : undefined;
    if (isLiteralString(env) && file === undefined) references.push({ source: 'env', name: env });
    else if (isLiteralString(file) && env === undefined) references.push({ source: 'file', name: file });
    else
      context.sink.error(
        where,
        `keys[${index}]: give exactly one of env (a variable name) or file (a path), ` +
          'as GossipKey.fromEnv / GossipKey.fromFile do.',
      );
  });
  return references;
}
