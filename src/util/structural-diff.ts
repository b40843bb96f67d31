import type * as JsonDiff from 'json-diff';

/**
 * What differs between two JSON values, as a reader follows it: json-diff's `-`/`+` lines, with
 * `...` for what is the same. json-diff (and its colour and difflib helpers) is loaded here, on
 * the first diff shown, not at start-up.
 *
 * One side may come from a file opstack did not write: json-diff prints values JSON-encoded, but
 * object keys as they are, so a key that is not plain text is quoted first.
 */
export async function describeDifference(before: unknown, after: unknown): Promise<string> {
  const { diffString } = (await import('json-diff')) as typeof JsonDiff;
  return diffString(plainKeys(before), plainKeys(after), { color: false });
}

const PLAIN_KEY = /^[\w./:@-]+$/;

function plainKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainKeys);
  if (value === null || typeof value !== 'object') return value;
  const quoted = (key: string) => (PLAIN_KEY.test(key) ? key : JSON.stringify(key));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [quoted(key), plainKeys(inner)]));
}
