import type { Expectation, HttpStep, KeySource, Precondition, Step } from '../model/plan.js';
import {
  AREA_PATH,
  AUTOPILOT_PATH,
  KEYRING_API,
  KEYRING_PATH,
  RAFT_PEER_PATH,
  SCHEDULER_CONFIGURATION_PATH,
} from '../schema/api-paths.js';
import { boolean, dictionary, fail, fingerprintText, integer, list, oneOf, record, text } from './checks.js';
import { decodeReference } from './desired-document.js';
import type { Attributes, StepDocument } from './plan-document.js';

/** A step as the document spells it: its stack first, preconditions and key sources in snake_case. */
export function encodeStep(stack: string, step: Step): StepDocument {
  const base = { stack, index: step.index, kind: step.kind, address: step.address, description: step.description };
  switch (step.kind) {
    case 'http':
      return {
        ...base,
        method: step.method,
        path: step.path,
        query: step.query,
        body: step.body,
        ...(step.key ? { key: encodeKey(step.key) } : {}),
        ...(step.precondition ? { precondition: encodeCondition(step.precondition) } : {}),
        expect: step.expect,
      };
    case 'wait':
      return { ...base, polls: step.polls, until: encodeCondition(step.until) };
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function encodeKey(key: KeySource): Attributes {
  return key.kind === 'live'
    ? { kind: key.kind, fingerprint: key.fingerprint }
    : {
        kind: key.kind,
        reference: { source: key.reference.source, name: key.reference.name },
        fingerprint: key.fingerprint,
      };
}

function encodeCondition(condition: Precondition): Attributes {
  switch (condition.kind) {
    case 'cas':
      return { kind: condition.kind, modify_index: condition.modifyIndex };
    case 'keys-installed':
    case 'only-keys':
      return { kind: condition.kind, fingerprints: condition.fingerprints };
    case 'peer-removable':
      return {
        kind: condition.kind,
        id: condition.id,
        allow_live: condition.allowLive,
        ...(condition.minFailureTolerance === undefined
          ? {}
          : { min_failure_tolerance: condition.minFailureTolerance }),
        later_removals: condition.laterRemovals,
      };
    case 'key-primary':
      return { kind: condition.kind, fingerprint: condition.fingerprint };
    case 'safe-to-remove':
      return { kind: condition.kind, fingerprint: condition.fingerprint, keep: condition.keep };
    default: {
      const unreachable: never = condition;
      return unreachable;
    }
  }
}

interface Endpoint {
  readonly path: RegExp;
  readonly methods: readonly HttpStep['method'][];
  readonly query: readonly string[];
}

/**
 * The writes opstack plans, and nothing else: a step to any other endpoint, method or query
 * parameter is refused when the document is read, before apply re-plans it. Every step may also
 * name its cluster's scope (`dc` or `region`), as every request does.
 */
const ENDPOINTS: readonly Endpoint[] = (
  [
    { path: exactly(AUTOPILOT_PATH), methods: ['PUT'], query: ['cas'] },
    { path: exactly(SCHEDULER_CONFIGURATION_PATH), methods: ['PUT'], query: ['cas'] },
    { path: exactly(KEYRING_PATH), methods: ['POST', 'PUT', 'DELETE'], query: ['relay-factor'] },
    ...(['install', 'use', 'remove'] as const).map((op) => ({
      path: exactly(KEYRING_API.nomad[op].path),
      methods: ['PUT' as const],
      query: [],
    })),
    { path: exactly(AREA_PATH), methods: ['POST'], query: [] },
    { path: new RegExp(`^${AREA_PATH}/[0-9A-Za-z-]+$`), methods: ['PUT', 'DELETE'], query: [] },
    { path: exactly(RAFT_PEER_PATH), methods: ['DELETE'], query: ['id'] },
  ] satisfies Endpoint[]
).map((endpoint) => ({ ...endpoint, query: ['dc', 'region', ...endpoint.query] }));

function exactly(path: string): RegExp {
  return new RegExp(`^${path.replace(/[/.]/g, '\\$&')}$`);
}

/** Reads one step back, checking every field (the caller checks that indexes count 1, 2, … per stack). */
export function decodeStep(value: unknown, where: string): { readonly stack: string; readonly step: Step } {
  const kind = oneOf(record(value, where, ['kind'], [...BASE, ...HTTP, ...WAIT]).kind, `${where}.kind`, [
    'http',
    'wait',
  ] as const);
  const fields =
    kind === 'http'
      ? record(value, where, [...BASE, 'method', 'path', 'query', 'expect'], ['body', 'key', 'precondition'])
      : record(value, where, [...BASE, 'polls', 'until']);
  const stack = text(fields.stack, `${where}.stack`);
  const base = {
    index: integer(fields.index, `${where}.index`, 1),
    address: text(fields.address, `${where}.address`),
    description: text(fields.description, `${where}.description`),
  };
  if (kind === 'wait') {
    // A wait only ever polls a keyring list (display only: apply polls the keyring of the stack's product).
    const polls = oneOf(fields.polls, `${where}.polls`, [KEYRING_API.consul.list, KEYRING_API.nomad.list]);
    return {
      stack,
      step: { ...base, kind, polls, until: decodeCondition(fields.until, `${where}.until`, KEYRING_CONDITIONS) },
    };
  }
  const method = oneOf(fields.method, `${where}.method`, ['PUT', 'POST', 'DELETE'] as const);
  const path = text(fields.path, `${where}.path`);
  const endpoint = ENDPOINTS.find((e) => e.path.test(path) && e.methods.includes(method));
  if (!endpoint)
    fail(
      where,
      'is not a write opstack plans (only the autopilot, scheduler, ' +
        'keyring, network area and raft peer operator endpoints)',
    );
  const query = dictionary(fields.query, `${where}.query`, (v, w) => text(v, w, { empty: true }));
  if (Object.keys(query).some((key) => !endpoint.query.includes(key)))
    fail(`${where}.query`, `may only name ${endpoint.query.join(', ')}`);
  return {
    stack,
    step: {
      ...base,
      kind,
      method,
      path,
      query,
      body: fields.body,
      ...(fields.key === undefined ? {} : { key: decodeKey(fields.key, `${where}.key`) }),
      ...(fields.precondition === undefined
        ? {}
        : { precondition: decodeCondition(fields.precondition, `${where}.precondition`, CONDITIONS) }),
      expect: oneOf(fields.expect, `${where}.expect`, EXPECTATIONS),
    },
  };
}

const BASE = ['stack', 'index', 'kind', 'address', 'description'];
const HTTP = ['method', 'path', 'query', 'body', 'key', 'precondition', 'expect'];
const WAIT = ['polls', 'until'];
const EXPECTATIONS: readonly Expectation[] = ['cas-true', 'updated-true', 'status-200'];
const KEYRING_CONDITIONS = ['keys-installed', 'only-keys', 'key-primary', 'safe-to-remove'] as const;
const CONDITIONS = [...KEYRING_CONDITIONS, 'cas', 'peer-removable'] as const;

function decodeKey(value: unknown, where: string): KeySource {
  const kind = oneOf(record(value, where, ['kind'], ['reference', 'fingerprint']).kind, `${where}.kind`, [
    'reference',
    'live',
  ] as const);
  if (kind === 'live')
    return {
      kind,
      fingerprint: fingerprintText(record(value, where, ['kind', 'fingerprint']).fingerprint, `${where}.fingerprint`),
    };
  const fields = record(value, where, ['kind', 'reference', 'fingerprint']);
  return {
    kind,
    reference: decodeReference(fields.reference, `${where}.reference`),
    fingerprint: fingerprintText(fields.fingerprint, `${where}.fingerprint`),
  };
}

function decodeCondition<K extends Precondition['kind']>(
  value: unknown,
  where: string,
  allowed: readonly K[],
): Extract<Precondition, { kind: K }> {
  const any = [
    'modify_index',
    'fingerprints',
    'fingerprint',
    'id',
    'keep',
    'allow_live',
    'min_failure_tolerance',
    'later_removals',
  ];
  const kind: Precondition['kind'] = oneOf(record(value, where, ['kind'], any).kind, `${where}.kind`, allowed);
  const fingerprints = (v: unknown, w: string) => list(v, w, fingerprintText);
  let condition: Precondition;
  switch (kind) {
    case 'cas':
      condition = {
        kind,
        modifyIndex: integer(record(value, where, ['kind', 'modify_index']).modify_index, `${where}.modify_index`),
      };
      break;
    case 'keys-installed':
    case 'only-keys':
      condition = {
        kind,
        fingerprints: fingerprints(
          record(value, where, ['kind', 'fingerprints']).fingerprints,
          `${where}.fingerprints`,
        ),
      };
      break;
    case 'peer-removable': {
      const fields = record(value, where, ['kind', 'id', 'allow_live', 'later_removals'], ['min_failure_tolerance']);
      condition = {
        kind,
        id: text(fields.id, `${where}.id`),
        allowLive: boolean(fields.allow_live, `${where}.allow_live`),
        ...(fields.min_failure_tolerance === undefined
          ? {}
          : { minFailureTolerance: integer(fields.min_failure_tolerance, `${where}.min_failure_tolerance`) }),
        laterRemovals: list(fields.later_removals, `${where}.later_removals`, (v, w) => text(v, w)),
      };
      break;
    }
    case 'key-primary':
      condition = {
        kind,
        fingerprint: fingerprintText(record(value, where, ['kind', 'fingerprint']).fingerprint, `${where}.fingerprint`),
      };
      break;
    case 'safe-to-remove': {
      const fields = record(value, where, ['kind', 'fingerprint', 'keep']);
      condition = {
        kind,
        fingerprint: fingerprintText(fields.fingerprint, `${where}.fingerprint`),
        keep: fingerprints(fields.keep, `${where}.keep`),
      };
      break;
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
  return condition as Extract<Precondition, { kind: K }>;
}
