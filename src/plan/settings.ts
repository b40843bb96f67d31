import type { Expectation, HttpStep, ResourceChange } from '../model/plan.js';
import type { DesiredResource } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { diffAttributes } from './attribute-diff.js';
import { identityOf } from './resource-plan.js';

/**
 * The change of a settings object where only declared attributes are managed (autopilot,
 * scheduler): `before` and `after` hold the declared attributes as live and as declared;
 * `comparable` decides equality (e.g. durations by value).
 */
export function settingsChange(
  desired: DesiredResource,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  comparable: (attribute: string, value: unknown) => unknown = (_, value) => value,
): ResourceChange {
  const changes = diffAttributes(before, after, comparable);
  return {
    ...identityOf(desired),
    action: changes.length > 0 ? 'update' : 'no-op',
    before,
    after,
    changes,
    unchangedCount: Object.keys(after).length - changes.length,
    notes: [],
  };
}

/**
 * The one write that replaces a settings object: a PUT of the complete object, with
 * `?cas=<ModifyIndex>` so a concurrent change makes the server refuse it instead of being
 * overwritten. `expect` says how the server reports a lost race.
 */
export function casReplace(
  desired: DesiredResource,
  write: { description: string; path: string; query?: Record<string, string>; body: unknown; modifyIndex: number },
  expect: Expectation,
): Omit<HttpStep, 'index'> {
  return {
    kind: 'http',
    address: resourceAddress(desired),
    description: write.description,
    method: 'PUT',
    path: write.path,
    query: { ...write.query, cas: String(write.modifyIndex) },
    body: write.body,
    precondition: { kind: 'cas', modifyIndex: write.modifyIndex },
    expect,
  };
}
