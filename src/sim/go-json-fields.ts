/**
 * encoding/json's mapping of an object key and a literal onto a flat struct field, shared
 * by the strict Consul decoders (unknown keys are errors) and the lenient Nomad one
 * (unknown keys ignored): key matching, and literalStore for bool, string and unsigned
 * fields. What to do with a miss or a type error stays with the caller.
 */
import type { GoJsonNode } from './go-json-decode.js';
import { goParseUint } from './go-strconv.js';

/** encoding/json's foldName: ASCII upper-cased, other runes ToUpper(ToLower(r)). */
function foldName(s: string): string {
  let out = '';
  for (const ch of s) out += ch < '\u0080' ? ch.toUpperCase() : ch.toLowerCase().toUpperCase();
  return out;
}

/** The field a JSON key sets: an exact name match first, then a case-insensitive one. */
export function findGoField<F extends readonly [string, ...unknown[]]>(
  fields: ReadonlyArray<F>,
  key: string,
): F | undefined {
  return fields.find(([name]) => name === key) ?? fields.find(([name]) => foldName(name) === foldName(key));
}

export type GoScalarKind = 'bool' | 'string' | 'uint8' | 'uint' | 'uint64';

export type GoScalar = { value: boolean | string | bigint } | { wrong: string };

/**
 * literalStore into a scalar field: undefined for `null` (the field is left untouched),
 * else the value, or the UnmarshalTypeError `Value` text (`string`, `object`,
 * `number 1.5`) when the kind is wrong or the number does not fit. `uint` is 64-bit, as
 * on amd64/arm64 builds.
 */
export function decodeGoScalar(kind: GoScalarKind, node: GoJsonNode): GoScalar | undefined {
  if (node.kind === 'null') return undefined;
  if (kind === 'bool') return node.kind === 'bool' ? { value: node.value } : { wrong: node.kind };
  if (kind === 'string') return node.kind === 'string' ? { value: node.value } : { wrong: node.kind };
  if (node.kind !== 'number') return { wrong: node.kind };
  try {
    const n = goParseUint(node.raw);
    if (kind !== 'uint8' || n <= 255n) return { value: n };
  } catch {
    // ParseUint failure and overflow are the same UnmarshalTypeError.
  }
  return { wrong: `number ${node.raw}` };
}
