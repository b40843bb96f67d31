/**
 * Readers for a JSON document opstack did not just compute: each checks one value's type and
 * says where it is (`stacks[0].target.address`) when it is wrong. Messages describe what was
 * expected and never quote the value, which may be anything.
 */
export class DocumentError extends Error {
  constructor(
    readonly where: string,
    readonly why: string,
  ) {
    super(`${where}: ${why}`);
    this.name = 'DocumentError';
  }
}

export function fail(where: string, why: string): never {
  throw new DocumentError(where, why);
}

/** A plain object with exactly these keys: every required one, and optional ones only. */
export function record(
  value: unknown,
  where: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  const object = value as Record<string, unknown>;
  const missing = required.filter((key) => !(key in object));
  if (missing.length > 0) fail(where, `lacks ${missing.map((k) => `"${k}"`).join(', ')}`);
  const unknown = Object.keys(object).filter((key) => !required.includes(key) && !optional.includes(key));
  if (unknown.length > 0)
    fail(
      where,
      `has ${unknown.length === 1 ? 'a field' : 'fields'} opstack does not write (${unknown.length} unknown)`,
    );
  return object;
}

/** An object whose keys are free (a query, a map of values): each value read by `item`. */
export function dictionary<T>(
  value: unknown,
  where: string,
  item: (inner: unknown, where: string) => T,
): Record<string, T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, item(inner, `${where}.${key}`)]));
}

export function text(value: unknown, where: string, options: { readonly empty?: boolean } = {}): string {
  if (typeof value !== 'string') fail(where, 'must be a string');
  if (value === '' && !options.empty) fail(where, 'must not be empty');
  return value;
}

export function integer(value: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(where, `must be an integer from ${min} to ${max}`);
  return value;
}

export function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(where, 'must be true or false');
  return value;
}

export function list<T>(value: unknown, where: string, item: (inner: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) fail(where, 'must be an array');
  return value.map((inner, i) => item(inner, `${where}[${i}]`));
}

export function oneOf<T extends string>(value: unknown, where: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(where, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `sha256:` and eight hex digits: how opstack names a secret (util/fingerprint.ts). */
export function fingerprintText(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^sha256:[0-9a-f]{8}$/.test(value))
    fail(where, 'must be a key fingerprint (sha256: and 8 hex digits)');
  return value;
}

/** Terminal control characters (ESC, C1) could rewrite what a reviewer sees; newlines and tabs are fine. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Refuses control characters in every string and key of a parsed document, before anything reads it. */
export function checkNoControlCharacters(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) fail(where, 'holds a control character');
  } else if (Array.isArray(value)) {
    value.forEach((inner, i) => checkNoControlCharacters(inner, `${where}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (CONTROL.test(key)) fail(where, 'has a key with a control character');
      checkNoControlCharacters(inner, `${where}.${key}`);
    }
  }
}
