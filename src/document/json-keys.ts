/** Object keys in snake_case, deeply, as every opstack JSON document spells them (`caFile` → `ca_file`). */
export function snakeCaseKeys(value: unknown): unknown {
  return mapKeys(value, (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

/** The inverse, for reading a document back into the model (`ca_file` → `caFile`). */
export function camelCaseKeys(value: unknown): unknown {
  return mapKeys(value, (key) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
}

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [rename(key), mapKeys(inner, rename)]));
}
