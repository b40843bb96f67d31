/**
 * Go's `url.ParseQuery` (consul-operator-api.md §2.2 step 2): Consul answers a query
 * string Go cannot parse with 500 and an empty body, so the simulator must reject the
 * same inputs: a `;` in a pair, or a `%` not followed by two hex digits.
 */

/** Query values by key in arrival order, as Go's `url.Values`. */
export type GoQuery = ReadonlyMap<string, readonly string[]>;

const HEX2 = /^[0-9a-fA-F]{2}$/;

/** Go's `QueryUnescape`; null where Go returns an error. */
function queryUnescape(s: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX2.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (ch === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses like Go: `{ values, ok }` where `values` holds every pair Go keeps even when
 * `ok` is false (handlers use `req.URL.Query()`, which drops the error).
 */
export function parseGoQuery(raw: string): { values: GoQuery; ok: boolean } {
  const values = new Map<string, string[]>();
  let ok = true;
  for (const pair of raw.split('&')) {
    if (pair.includes(';')) {
      ok = false;
      continue;
    }
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    const value = queryUnescape(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === null || value === null) {
      ok = false;
      continue;
    }
    const list = values.get(key) ?? [];
    list.push(value);
    values.set(key, list);
  }
  return { values, ok };
}

/** `url.Values.Get`: the first value, or "" when absent. */
export function queryGet(q: GoQuery, key: string): string {
  return q.get(key)?.[0] ?? '';
}
