/**
 * Strict `lib.DecodeJSON` onto a flat Go struct or a `[]string` (consul-operator-api.md §2.8):
 * first JSON value only, `DisallowUnknownFields`, names matched exactly then
 * case-insensitively, `null` leaves a field alone (nil for slices), and type errors are
 * saved so the first one wins:
 * `json: cannot unmarshal string into Go struct field keyringArgs.RelayFactor of type uint8`.
 * Used by the keyring body (§4.4) and the Enterprise area bodies (§4.8).
 */
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import { decodeGoScalar, findGoField } from '../go-json-fields.js';
import { goQuote } from '../go-strconv.js';

export type GoFieldKind = 'string' | 'bool' | 'uint8' | 'stringSlice';

export interface GoStructSpec {
  /** Package-qualified type for whole-value errors, e.g. `agent.keyringArgs`. */
  goType: string;
  /** Struct name for field errors, e.g. `keyringArgs`. */
  structName: string;
  /** Fields in declaration order. */
  fields: ReadonlyArray<readonly [string, GoFieldKind]>;
  /** True where a type's own UnmarshalJSON calls plain json.Unmarshal, so unknown fields are ignored. */
  lenient?: boolean;
}

export type GoFieldValue = string | boolean | number | string[] | null;

class Saved {
  error: Error | undefined;
  save(e: Error): void {
    this.error ??= e;
  }
}

function decodeStringItems(node: GoJsonNode, saved: Saved, context: string): string[] | null {
  if (node.kind === 'null') return null;
  if (node.kind !== 'array') {
    saved.save(new Error(`json: cannot unmarshal ${node.kind} into ${context} of type []string`));
    return null;
  }
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind === 'string') out.push(item.value);
    else if (item.kind === 'null') out.push('');
    else {
      saved.save(new Error(`json: cannot unmarshal ${item.kind} into ${context} of type string`));
      out.push('');
    }
  }
  return out;
}

function decodeField(kind: GoFieldKind, node: GoJsonNode, saved: Saved, context: string): GoFieldValue | undefined {
  if (kind === 'stringSlice') return decodeStringItems(node, saved, context);
  const scalar = decodeGoScalar(kind, node);
  if (scalar === undefined) return undefined; // null leaves the field untouched
  if ('wrong' in scalar) {
    saved.save(new Error(`json: cannot unmarshal ${scalar.wrong} into ${context} of type ${kind}`));
    return undefined;
  }
  return typeof scalar.value === 'bigint' ? Number(scalar.value) : scalar.value;
}

/**
 * Decodes `body` onto `initial` (the Go zero values); returns the updated copy or throws
 * an Error carrying Go's text (syntax errors, `EOF`, unknown field, type errors).
 */
export function decodeGoStruct<T extends Record<string, GoFieldValue>>(
  body: Buffer,
  spec: GoStructSpec,
  initial: T,
): T {
  const root = decodeFirstJsonValue(body);
  const out: Record<string, GoFieldValue> = { ...initial };
  if (root.kind === 'null') return out as T;
  if (root.kind !== 'object')
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type ${spec.goType}`);
  const saved = new Saved();
  for (const [key, node] of root.entries) {
    const field = findGoField(spec.fields, key);
    if (field === undefined) {
      if (!spec.lenient) saved.save(new Error(`json: unknown field ${goQuote(key)}`));
      continue;
    }
    const [name, kind] = field;
    const value = decodeField(kind, node, saved, `Go struct field ${spec.structName}.${name}`);
    if (value !== undefined) out[name] = value;
  }
  if (saved.error !== undefined) throw saved.error;
  return out as T;
}

/** Decodes a top-level `[]string` body (nil → null). */
export function decodeGoStringSlice(body: Buffer): string[] | null {
  const root = decodeFirstJsonValue(body);
  const saved = new Saved();
  const out = decodeStringItems(root, saved, 'Go value');
  if (saved.error !== undefined) throw saved.error;
  return out;
}
