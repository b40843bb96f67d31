/**
 * Query parameters both products' `parse()` validate with the same texts
 * (consul-operator-api.md §2.7, nomad-operator-api.md §1.3): the blocking-query
 * `wait` (a Go duration) and `index` (a uint64). The product runs this at its own
 * point in its check order and throws its own 400.
 */
import { isGoDuration } from './go-duration.js';
import { goParseUint } from './go-strconv.js';
import { queryGet, type GoQuery } from './go-url.js';

/** The 400 text for a bad `?wait` or `?index` (checked in that order), or undefined. */
export function blockingQueryError(q: GoQuery): string | undefined {
  const wait = queryGet(q, 'wait');
  if (wait !== '' && !isGoDuration(wait)) return 'Invalid wait time';
  const index = queryGet(q, 'index');
  if (index === '') return undefined;
  try {
    goParseUint(index);
    return undefined;
  } catch {
    return 'Invalid index';
  }
}
