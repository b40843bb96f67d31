import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/document/checks.js';
import { fromDocument } from '../../src/document/from-document.js';
import { toDocument } from '../../src/document/to-document.js';
import type { PlanReport } from '../../src/model/report.js';
import { planStacks } from '../../src/plan/plan.js';
import { desiredStack, liveAutopilot } from '../support/builders.js';

const report: PlanReport = {
  mode: 'plan',
  plan: planStacks([
    {
      stack: desiredStack({ LastContactThreshold: '1s', MinQuorum: 3 }),
      live: new Map([['dc1/consul_autopilot_config.autopilot', liveAutopilot()]]),
    },
  ]).plan,
  failures: [],
  diagnostics: [],
};
/** A fresh, valid document as plain JSON, to break one field at a time. */
const valid = () => JSON.parse(JSON.stringify(toDocument(report))) as Record<string, any>;

function refusal(edit: (document: Record<string, any>) => unknown): string {
  const document = valid();
  const replaced = edit(document);
  try {
    fromDocument(replaced === undefined ? document : replaced);
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return (error as Error).message;
  }
  throw new Error('the document was accepted');
}

describe('fromDocument: every field is checked', () => {
  it('reads a valid document back to the same report', () => {
    expect(fromDocument(valid()).report).toEqual(report);
  });

  it.each<[string, (d: Record<string, any>) => unknown, string]>([
    ['null', () => null, 'plan: must be an object'],
    ['an array', () => [], 'plan: must be an object'],
    ['a missing field', (d) => void delete d.steps, 'plan: lacks "steps"'],
    ['an unknown top-level field', (d) => void (d.extra = 1), 'plan: has a field opstack does not write'],
    [
      'another major version',
      (d) => void (d.format_version = '1.0'),
      'plan.format_version: is 1.0, but this opstack reads 2.0',
    ],
    ['a malformed version', (d) => void (d.format_version = 'two'), 'plan.format_version: must be <major>.<minor>'],
    ['an unknown kind', (d) => void (d.kind = 'status'), 'plan.kind: must be one of plan, drift'],
    [
      'an unknown action',
      (d) => void (d.resource_changes[0].action = 'replace'),
      'plan.resource_changes[0].action: must be one of create, update, delete, no-op',
    ],
    [
      'an unknown resource type',
      (d) => void (d.resource_changes[0].type = 'consul_acl_token'),
      'plan.resource_changes[0].type: must be one of',
    ],
    [
      'a camelCase key',
      (d) => void (d.resource_changes[0].constructPath = 'x'),
      'plan.resource_changes[0]: has a field opstack does not write',
    ],
    [
      'a wrong unchanged count type',
      (d) => void (d.resource_changes[0].unchanged_count = '2'),
      'plan.resource_changes[0].unchanged_count: must be an integer',
    ],
    [
      'changed attributes that disagree',
      (d) => void d.resource_changes[0].changed_attributes.pop(),
      'must name the attributes of attribute_changes',
    ],
    [
      'a summary that does not count',
      (d) => void (d.summary.change = 0),
      'plan.summary: does not count the resource changes',
    ],
    ['has_changes that lies', (d) => void (d.has_changes = false), 'plan.has_changes: disagrees with the steps'],
    ['an unknown step kind', (d) => void (d.steps[0].kind = 'exec'), 'plan.steps[0].kind: must be one of http, wait'],
    [
      'a step to another endpoint',
      (d) => void (d.steps[0].path = '/v1/kv/evil'),
      'plan.steps[0]: is not a write opstack plans',
    ],
    ['a GET step', (d) => void (d.steps[0].method = 'GET'), 'plan.steps[0].method: must be one of PUT, POST, DELETE'],
    [
      'an unknown query parameter',
      (d) => void (d.steps[0].query.token = 'x'),
      'plan.steps[0].query: may only name dc, region, cas',
    ],
    [
      'an unknown precondition kind',
      (d) => void (d.steps[0].precondition.kind = 'always'),
      'plan.steps[0].precondition.kind: must be one of',
    ],
    [
      'a camelCase precondition',
      (d) => void (d.steps[0].precondition = { kind: 'cas', modifyIndex: 17 }),
      'plan.steps[0].precondition: has a field opstack does not write',
    ],
    [
      'an unknown expectation',
      (d) => void (d.steps[0].expect = 'anything'),
      'plan.steps[0].expect: must be one of cas-true, updated-true, status-200',
    ],
    ['steps out of order', (d) => void (d.steps[0].index = 2), 'plan.stacks[0]: has steps numbered out of order'],
    [
      'a step of no stack',
      (d) => void (d.steps[0].stack = 'dc9'),
      'plan.steps[0].stack: names no stack of the document',
    ],
    [
      'an unknown declared attribute',
      (d) => void (d.stacks[0].declared[0].declared.leader = true),
      'plan.stacks[0].declared[0].declared: has a field',
    ],
    [
      'a declared duration that is not one',
      (d) => void (d.stacks[0].declared[0].declared.last_contact_threshold = 'soon'),
      'last_contact_threshold: must be a Go duration',
    ],
    [
      'a target of another product',
      (d) => void (d.stacks[0].target.product = 'vault'),
      'plan.stacks[0].target.product: must be one of consul, nomad',
    ],
    [
      'a target scheme that is not http(s)',
      (d) => void (d.stacks[0].target.scheme = 'file'),
      'plan.stacks[0].target.scheme: must be one of http, https',
    ],
    [
      'a terminal escape in a note',
      (d) => void d.resource_changes[0].notes.push('\u001b[2J'),
      'plan.resource_changes[0].notes[0]: holds a control character',
    ],
    [
      'an errored flag that lies',
      (d) => void (d.errored = true),
      'plan.errored: disagrees with the errors and diagnostics',
    ],
  ])('refuses %s, naming the field', (_name, edit, message) => {
    expect(refusal(edit)).toContain(message);
  });

  it('never quotes the value it refuses', () => {
    expect(refusal((d) => void (d.steps[0].path = '/v1/kv/SECRET-LOOKING'))).not.toContain('SECRET-LOOKING');
  });
});
