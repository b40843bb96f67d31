import type { DeclaredKey, KeyReference } from '../model/keyring.js';
import type { DesiredResource, PeerRef, ResourceType } from '../model/resources.js';
import { autopilotAttributes, type AutopilotType } from '../schema/autopilot.js';
import { SCHEDULER_ALGORITHMS, SCHEDULER_ATTRIBUTES } from '../schema/nomad-scheduler.js';
import { canonicalGoDuration } from '../util/go-duration.js';
import { boolean, fail, fingerprintText, integer, list, oneOf, record, text } from './checks.js';
import type { Attributes } from './plan-document.js';

const COMMON = ['type', 'name', 'construct_path', 'datacenter'];

/** A declared resource as a saved plan records it: Terraform attribute names, keys as references and fingerprints. */
export function encodeDesired(resource: DesiredResource): Attributes {
  const common = {
    type: resource.type,
    name: resource.name,
    construct_path: resource.constructPath,
    datacenter: resource.datacenter,
  };
  switch (resource.type) {
    case 'consul_autopilot_config':
    case 'opstack_nomad_autopilot_config': {
      const declared = resource.declared as Readonly<Record<string, unknown>>;
      const attributes = autopilotAttributes(resource.type).filter((a) => declared[a.field] !== undefined);
      return { ...common, declared: Object.fromEntries(attributes.map((a) => [a.attribute, declared[a.field]])) };
    }
    case 'nomad_scheduler_config':
      return { ...common, declared: resource.declared };
    case 'opstack_consul_gossip_keyring':
    case 'opstack_nomad_gossip_keyring':
      return {
        ...common,
        keys: resource.keys.map((k) => ({
          reference: { source: k.reference.source, name: k.reference.name },
          fingerprint: k.fingerprint,
        })),
        ...(resource.type === 'opstack_consul_gossip_keyring' && resource.relayFactor !== undefined
          ? { relay_factor: resource.relayFactor }
          : {}),
      };
    case 'consul_network_area':
      return {
        ...common,
        peer_datacenter: resource.peerDatacenter,
        ...(resource.retryJoin === undefined ? {} : { retry_join: resource.retryJoin }),
        ...(resource.useTls === undefined ? {} : { use_tls: resource.useTls }),
      };
    case 'opstack_consul_network_area_ownership':
      return { ...common, declared_peers: resource.declaredPeers };
    case 'opstack_raft_peers_absent':
      return {
        ...common,
        product: resource.product,
        peers: resource.peers.map((peer) => ({
          ...('id' in peer ? { id: peer.id } : { address: peer.address }),
          ...(peer.allowLive ? { allow_live: true } : {}),
        })),
        ...(resource.minFailureTolerance === undefined ? {} : { min_failure_tolerance: resource.minFailureTolerance }),
      };
    default: {
      const unreachable: never = resource;
      return unreachable;
    }
  }
}

/** Reads a declared resource back, checking every field; `stack` is the stack it is listed under. */
export function decodeDesired(value: unknown, where: string, stack: string): DesiredResource {
  const type = oneOf(
    record(value, where, ['type'], [...COMMON, ...OPTIONAL_FIELDS]).type,
    `${where}.type`,
    RESOURCE_TYPES,
  );
  const fields = record(value, where, [...COMMON, ...REQUIRED_BY_TYPE[type]], OPTIONAL_BY_TYPE[type]);
  const ref = {
    stack,
    name: text(fields.name, `${where}.name`),
    constructPath: text(fields.construct_path, `${where}.construct_path`),
    datacenter: text(fields.datacenter, `${where}.datacenter`, { empty: true }),
  };
  switch (type) {
    case 'consul_autopilot_config':
    case 'opstack_nomad_autopilot_config':
      return { ...ref, type, declared: decodeAutopilot(type, fields.declared, `${where}.declared`) } as DesiredResource;
    case 'nomad_scheduler_config':
      return { ...ref, type, declared: decodeScheduler(fields.declared, `${where}.declared`) };
    case 'opstack_consul_gossip_keyring':
      return {
        ...ref,
        type,
        keys: nonEmpty(list(fields.keys, `${where}.keys`, decodeKey), `${where}.keys`),
        ...(fields.relay_factor === undefined
          ? {}
          : { relayFactor: integer(fields.relay_factor, `${where}.relay_factor`, 0, 5) }),
      };
    case 'opstack_nomad_gossip_keyring':
      return { ...ref, type, keys: nonEmpty(list(fields.keys, `${where}.keys`, decodeKey), `${where}.keys`) };
    case 'consul_network_area':
      return {
        ...ref,
        type,
        peerDatacenter: text(fields.peer_datacenter, `${where}.peer_datacenter`),
        ...(fields.retry_join === undefined
          ? {}
          : { retryJoin: list(fields.retry_join, `${where}.retry_join`, (v, w) => text(v, w)) }),
        ...(fields.use_tls === undefined ? {} : { useTls: boolean(fields.use_tls, `${where}.use_tls`) }),
      };
    case 'opstack_consul_network_area_ownership':
      return {
        ...ref,
        type,
        declaredPeers: list(fields.declared_peers, `${where}.declared_peers`, (v, w) => text(v, w)),
      };
    case 'opstack_raft_peers_absent':
      return {
        ...ref,
        type,
        product: oneOf(fields.product, `${where}.product`, ['consul', 'nomad'] as const),
        peers: nonEmpty(list(fields.peers, `${where}.peers`, decodePeer), `${where}.peers`),
        ...(fields.min_failure_tolerance === undefined
          ? {}
          : { minFailureTolerance: integer(fields.min_failure_tolerance, `${where}.min_failure_tolerance`) }),
      };
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

const REQUIRED_BY_TYPE: Readonly<Record<ResourceType, readonly string[]>> = {
  consul_autopilot_config: ['declared'],
  opstack_nomad_autopilot_config: ['declared'],
  nomad_scheduler_config: ['declared'],
  opstack_consul_gossip_keyring: ['keys'],
  opstack_nomad_gossip_keyring: ['keys'],
  consul_network_area: ['peer_datacenter'],
  opstack_consul_network_area_ownership: ['declared_peers'],
  opstack_raft_peers_absent: ['product', 'peers'],
};

const OPTIONAL_BY_TYPE: Readonly<Record<ResourceType, readonly string[]>> = {
  consul_autopilot_config: [],
  opstack_nomad_autopilot_config: [],
  nomad_scheduler_config: [],
  opstack_consul_gossip_keyring: ['relay_factor'],
  opstack_nomad_gossip_keyring: [],
  consul_network_area: ['retry_join', 'use_tls'],
  opstack_consul_network_area_ownership: [],
  opstack_raft_peers_absent: ['min_failure_tolerance'],
};

/** Every resource type opstack manages (the tables above do not compile without each). */
export const RESOURCE_TYPES = Object.keys(REQUIRED_BY_TYPE) as ResourceType[];

/** Any field some type has: the first pass only reads `type`, the second checks the type's own fields. */
const OPTIONAL_FIELDS = [...new Set([...Object.values(REQUIRED_BY_TYPE), ...Object.values(OPTIONAL_BY_TYPE)].flat())];

function decodeAutopilot(type: AutopilotType, value: unknown, where: string): Record<string, unknown> {
  const attributes = autopilotAttributes(type);
  const fields = record(
    value,
    where,
    [],
    attributes.map((a) => a.attribute),
  );
  const declared: Record<string, unknown> = {};
  for (const { attribute, field, kind } of attributes) {
    const inner = fields[attribute];
    const at = `${where}.${attribute}`;
    if (inner === undefined) continue;
    if (kind === 'bool') declared[field] = boolean(inner, at);
    else if (kind === 'uint') declared[field] = integer(inner, at);
    else if (kind === 'string') declared[field] = text(inner, at, { empty: true });
    else if (canonicalGoDuration(text(inner, at)) === undefined) fail(at, 'must be a Go duration');
    else declared[field] = inner;
  }
  return declared;
}

function decodeScheduler(value: unknown, where: string): Record<string, boolean | string> {
  const fields = record(
    value,
    where,
    [],
    SCHEDULER_ATTRIBUTES.map((a) => a.attribute),
  );
  const declared: Record<string, boolean | string> = {};
  for (const { attribute, kind } of SCHEDULER_ATTRIBUTES) {
    const at = `${where}.${attribute}`;
    if (fields[attribute] === undefined) continue;
    declared[attribute] =
      kind === 'bool' ? boolean(fields[attribute], at) : oneOf(fields[attribute], at, SCHEDULER_ALGORITHMS);
  }
  return declared;
}

function decodeKey(value: unknown, where: string): DeclaredKey {
  const fields = record(value, where, ['reference', 'fingerprint']);
  return {
    reference: decodeReference(fields.reference, `${where}.reference`),
    fingerprint: fingerprintText(fields.fingerprint, `${where}.fingerprint`),
  };
}

/** `{ source: "env" | "file", name }`: where a key is read from, never the key. */
export function decodeReference(value: unknown, where: string): KeyReference {
  const fields = record(value, where, ['source', 'name']);
  return {
    source: oneOf(fields.source, `${where}.source`, ['env', 'file'] as const),
    name: text(fields.name, `${where}.name`),
  };
}

function decodePeer(value: unknown, where: string): PeerRef {
  const fields = record(value, where, [], ['id', 'address', 'allow_live']);
  if ((fields.id === undefined) === (fields.address === undefined))
    fail(where, 'must have exactly one of "id" and "address"');
  // The loader records only `allow_live: true`; false is the default and is not written.
  const live =
    fields.allow_live === undefined
      ? {}
      : {
          allowLive:
            boolean(fields.allow_live, `${where}.allow_live`) || fail(`${where}.allow_live`, 'is written only as true'),
        };
  return fields.id !== undefined
    ? { id: text(fields.id, `${where}.id`), ...live }
    : { address: text(fields.address, `${where}.address`), ...live };
}

function nonEmpty<T>(items: T[], where: string): T[] {
  if (items.length === 0) fail(where, 'must not be empty');
  return items;
}
