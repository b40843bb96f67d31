import { diff } from 'json-diff';
import type { AttributeChange } from '../model/plan.js';

/**
 * The attributes whose comparable forms differ, sorted by name. `before`/`after` hold the values
 * to show; `comparable` maps each side to the form that decides equality (e.g. a duration's
 * canonical text), so `1m` and `60s` are equal without the user's spelling being lost.
 */
export function diffAttributes(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  comparable: (attribute: string, value: unknown) => unknown,
): AttributeChange[] {
  const normalise = (values: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(values).map(([attribute, value]) => [attribute, comparable(attribute, value)]));
  const delta = (diff(normalise(before), normalise(after)) ?? {}) as Record<string, unknown>;
  const changed = new Set(Object.keys(delta).map((key) => key.replace(/__(added|deleted)$/, '')));
  return [...changed].sort().map((attribute) => ({ attribute, before: before[attribute], after: after[attribute] }));
}
