import type { Diagnostic } from '../model/diagnostic.js';
import type { ErrorCode } from '../model/errors.js';
import type { AttributeChange, ResourceChange, StackPlan, Step } from '../model/plan.js';
import type { PlanReport, StackFailure } from '../model/report.js';
import type { ClusterIdentity, Target } from '../model/target.js';
import { assemblePlan, summarise } from '../plan/plan.js';
import { boolean, checkNoControlCharacters, dictionary, fail, integer, list, oneOf, record, text } from './checks.js';
import { decodeDesired, RESOURCE_TYPES } from './desired-document.js';
import { checkNoteCounts, decodeNote } from './note-document.js';
import { PLAN_FORMAT_VERSION } from './plan-document.js';
import { decodeStep } from './step-document.js';

/** A report read back from its document, with the opstack version that wrote it. */
export interface DocumentRead {
  readonly report: PlanReport;
  readonly opstackVersion: string;
}

const ROOT = 'plan';
const TOP = [
  'format_version',
  'opstack_version',
  'kind',
  'has_changes',
  'errored',
  'summary',
  'stacks',
  'resource_changes',
  'steps',
  'errors',
  'diagnostics',
];

/**
 * Reads a plan document (parsed JSON from anywhere) back into the report it was written from,
 * checking every field's type and allowed values and that the parts agree with each other.
 * Throws DocumentError naming the first field that is wrong.
 */
export function fromDocument(value: unknown): DocumentRead {
  checkNoControlCharacters(value, ROOT);
  const fields = record(value, ROOT, TOP);
  const version = text(fields.format_version, `${ROOT}.format_version`);
  if (!/^\d+\.\d+$/.test(version)) fail(`${ROOT}.format_version`, 'must be <major>.<minor>');
  if (version.split('.')[0] !== PLAN_FORMAT_VERSION.split('.')[0]) {
    fail(
      `${ROOT}.format_version`,
      `is ${version}, but this opstack reads ${PLAN_FORMAT_VERSION}; make the plan again with this opstack`,
    );
  }
  const opstackVersion = text(fields.opstack_version, `${ROOT}.opstack_version`);
  if (!/^[0-9A-Za-z.+-]+$/.test(opstackVersion)) fail(`${ROOT}.opstack_version`, 'must be a version number');
  const mode = oneOf(fields.kind, `${ROOT}.kind`, ['plan', 'drift'] as const);
  const changes = list(fields.resource_changes, `${ROOT}.resource_changes`, decodeChange);
  const steps = list(fields.steps, `${ROOT}.steps`, decodeStep);
  const stacks = list(fields.stacks, `${ROOT}.stacks`, decodeStack).map((stack, i): StackPlan => {
    const own = changes.filter((c) => c.stack === stack.name);
    return {
      ...stack,
      changes: own,
      steps: stepsOf(stack.name, steps, `${ROOT}.stacks[${i}]`),
      summary: summarise(own),
    };
  });
  const names = stacks.map((s) => s.name);
  if (new Set(names).size !== names.length) fail(`${ROOT}.stacks`, 'names a stack twice');
  changes.forEach(
    (c, i) => names.includes(c.stack) || fail(`${ROOT}.resource_changes[${i}].stack`, 'names no stack of the document'),
  );
  steps.forEach(
    (s, i) => names.includes(s.stack) || fail(`${ROOT}.steps[${i}].stack`, 'names no stack of the document'),
  );
  const plan = assemblePlan(stacks);
  if (plan.stacks.some((s, i) => s !== stacks[i])) fail(`${ROOT}.stacks`, 'must be in name order');
  const failures = list(fields.errors, `${ROOT}.errors`, decodeFailure);
  const diagnostics = list(fields.diagnostics, `${ROOT}.diagnostics`, decodeDiagnostic);
  const summary = record(fields.summary, `${ROOT}.summary`, ['add', 'change', 'destroy', 'notes']);
  checkNoteCounts(summary.notes, `${ROOT}.summary.notes`, plan.summary.notes);
  if (
    (['add', 'change', 'destroy'] as const).some((k) => integer(summary[k], `${ROOT}.summary.${k}`) !== plan.summary[k])
  )
    fail(`${ROOT}.summary`, 'does not count the resource changes');
  if (boolean(fields.has_changes, `${ROOT}.has_changes`) !== plan.hasChanges)
    fail(`${ROOT}.has_changes`, 'disagrees with the steps');
  const errored = failures.length > 0 || diagnostics.some((d) => d.severity === 'error');
  if (boolean(fields.errored, `${ROOT}.errored`) !== errored)
    fail(`${ROOT}.errored`, 'disagrees with the errors and diagnostics');
  return { report: { mode, plan, failures, diagnostics }, opstackVersion };
}

/** A stack's steps, in order, numbered 1, 2, … as the planner numbers them. */
function stepsOf(stack: string, steps: readonly { stack: string; step: Step }[], where: string): Step[] {
  const own = steps.filter((s) => s.stack === stack).map((s) => s.step);
  own.forEach(
    (step, i) =>
      step.index === i + 1 || fail(where, `has steps numbered out of order (step ${i + 1} has index ${step.index})`),
  );
  return own;
}

function decodeStack(value: unknown, where: string): Omit<StackPlan, 'changes' | 'steps' | 'summary'> {
  const fields = record(value, where, ['name', 'target', 'declared', 'observed'], ['cluster']);
  const name = text(fields.name, `${where}.name`);
  const observed = list(fields.observed, `${where}.observed`, (item, at) => {
    const o = record(item, at, ['address', 'datacenter', 'version']);
    return {
      address: text(o.address, `${at}.address`),
      datacenter: text(o.datacenter, `${at}.datacenter`, { empty: true }),
      version: text(o.version, `${at}.version`),
    };
  });
  return {
    name,
    target: decodeTarget(fields.target, `${where}.target`),
    ...(fields.cluster === undefined ? {} : { cluster: decodeCluster(fields.cluster, `${where}.cluster`) }),
    declared: list(fields.declared, `${where}.declared`, (item, at) => decodeDesired(item, at, name)),
    observed,
  };
}

const TLS_FIELDS = ['ca_file', 'cert_file', 'key_file'];

function decodeTarget(value: unknown, where: string): Target {
  const product = oneOf(
    record(value, where, ['product'], ['address', 'scheme', 'datacenter', 'region', ...TLS_FIELDS]).product,
    `${where}.product`,
    ['consul', 'nomad'] as const,
  );
  const fields =
    product === 'consul'
      ? record(value, where, ['product', 'datacenter'], ['address', 'scheme', ...TLS_FIELDS])
      : record(value, where, ['product'], ['address', 'region', ...TLS_FIELDS]);
  const optional = (key: string, property: string) => optionalText(fields, key, property, where);
  const tls = {
    ...optional('ca_file', 'caFile'),
    ...optional('cert_file', 'certFile'),
    ...optional('key_file', 'keyFile'),
  };
  if (product === 'nomad')
    return { product, ...optional('address', 'address'), ...optional('region', 'region'), ...tls };
  return {
    product,
    ...optional('address', 'address'),
    ...(fields.scheme === undefined
      ? {}
      : { scheme: oneOf(fields.scheme, `${where}.scheme`, ['http', 'https'] as const) }),
    datacenter: text(fields.datacenter, `${where}.datacenter`),
    ...tls,
  };
}

function decodeCluster(value: unknown, where: string): ClusterIdentity {
  const fields = record(value, where, ['address', 'scope', 'server_ids']);
  return {
    address: text(fields.address, `${where}.address`),
    scope: text(fields.scope, `${where}.scope`),
    serverIds: list(fields.server_ids, `${where}.server_ids`, (v, w) => text(v, w)),
  };
}

const CHANGE_FIELDS = [
  'address',
  'stack',
  'type',
  'name',
  'construct_path',
  'action',
  'before',
  'after',
  'changed_attributes',
  'attribute_changes',
  'unchanged_count',
  'notes',
];

function decodeChange(value: unknown, where: string): ResourceChange {
  // `implied_by` came with document 1.x's later plans; one without it names declared resources only.
  const fields = record(value, where, CHANGE_FIELDS, ['implied_by']);
  const attributes = (v: unknown, w: string) => (v === null ? null : dictionary(v, w, (inner) => inner));
  const changes = list(fields.attribute_changes, `${where}.attribute_changes`, (item, at): AttributeChange => {
    const c = record(item, at, ['attribute'], ['before', 'after']);
    return { attribute: text(c.attribute, `${at}.attribute`), before: c.before, after: c.after };
  });
  const changed = list(fields.changed_attributes, `${where}.changed_attributes`, (v, w) => text(v, w));
  if (changed.join('\u0000') !== changes.map((c) => c.attribute).join('\u0000'))
    fail(`${where}.changed_attributes`, 'must name the attributes of attribute_changes, in order');
  return {
    address: text(fields.address, `${where}.address`),
    stack: text(fields.stack, `${where}.stack`),
    type: oneOf(fields.type, `${where}.type`, RESOURCE_TYPES),
    name: text(fields.name, `${where}.name`),
    constructPath: text(fields.construct_path, `${where}.construct_path`),
    action: oneOf(fields.action, `${where}.action`, ['create', 'update', 'delete', 'no-op'] as const),
    before: attributes(fields.before, `${where}.before`),
    after: attributes(fields.after, `${where}.after`),
    changes,
    unchangedCount: integer(fields.unchanged_count, `${where}.unchanged_count`),
    impliedBy:
      fields.implied_by === undefined || fields.implied_by === null
        ? null
        : text(fields.implied_by, `${where}.implied_by`),
    notes: list(fields.notes, `${where}.notes`, decodeNote),
  };
}

function decodeFailure(value: unknown, where: string): StackFailure {
  const fields = record(value, where, ['stack', 'code', 'message', 'hint']);
  const code = text(fields.code, `${where}.code`);
  if (!/^[A-Z][A-Za-z]+$/.test(code)) fail(`${where}.code`, 'must be an error code');
  return {
    stack: text(fields.stack, `${where}.stack`),
    code: code as ErrorCode,
    message: text(fields.message, `${where}.message`),
    ...(fields.hint === null ? {} : { hint: text(fields.hint, `${where}.hint`) }),
  };
}

function decodeDiagnostic(value: unknown, where: string): Diagnostic {
  const fields = record(value, where, ['severity', 'summary'], ['detail', 'stack', 'construct_path']);
  const optional = (key: string, property: string) => optionalText(fields, key, property, where);
  return {
    severity: oneOf(fields.severity, `${where}.severity`, ['error', 'warning'] as const),
    summary: text(fields.summary, `${where}.summary`),
    ...optional('detail', 'detail'),
    ...optional('stack', 'stack'),
    ...optional('construct_path', 'constructPath'),
  };
}

/** `{ [property]: fields[key] }` when the document has the key (a non-empty string), else nothing. */
function optionalText(
  fields: Record<string, unknown>,
  key: string,
  property: string,
  where: string,
): Record<string, string> {
  return fields[key] === undefined ? {} : { [property]: text(fields[key], `${where}.${key}`) };
}
