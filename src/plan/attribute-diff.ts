import { isDeepStrictEqual } from 'node:util';
import type { AttributeChange } from '../model/plan.js';

/**
 * The attributes whose comparable forms differ, sorted by name. `before`/`after` hold the values
 * to show; `comparable` maps each side to the form that decides equality (e.g. a duration's
 * canonical text), so `1m` and `60s` are equal without the user's spelling being lost.
 *
 * Equality is Node's own deep comparison: deciding *whether* an attribute changed needs no
 * diff library, so json-diff is loaded only where a structural diff is shown to a reader.
 */
export function diffAttributes(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  comparable: (attribute: string, value: unknown) => unknown,
): AttributeChange[] {
  const differs = (attribute: string) =>
    Object.hasOwn(before, attribute) !== Object.hasOwn(after, attribute) ||
    !isDeepStrictEqual(comparable(attribute, before[attribute]), comparable(attribute, after[attribute]));
  const attributes = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...attributes]
    .filter(differs)
    .sort()
    .map((attribute) => ({ attribute, before: before[attribute], after: after[attribute] }));
}
