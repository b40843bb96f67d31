/**
 * Strict `lib.DecodeJSON` onto a flat Go struct or a `[]string` (consul-operator-api.md §2.8):
 * first JSON value only, `DisallowUnknownFields`, names matched exactly then
 * case-insensitively, `null` leaves a field alone (nil for slices), and type errors are
 * saved so the first one wins:
 * `json: cannot unmarshal string into Go struct field keyringArgs.RelayFactor of type uint8`.
 * Used by the keyring body (§4.4) and the Enterprise area bodies (§4.8).
 */
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import { goParseUint, goQuote } from '../go-strconv.js';

export type GoFieldKind = 'string' | 'bool' | 'uint8' | 'stringSlice';

export interface GoStructSpec {
  /** Package-qualified type for whole-value errors, e.g. `agent.keyringArgs`. */
  goType: string;
  /** Struct name for field errors, e.g. `keyringArgs`. */
  structName: string;
  /** Fields in declaration order. */
  fields: ReadonlyArray<readonly [string, GoFieldKind]>;
}

export type GoFieldValue = string | boolean | number | string[] | null;

const GO_TYPE: Record<GoFieldKind, string> = { string: 'string', bool: 'bool', uint8: 'uint8', stringSlice: '[]string' };

/** encoding/json's foldName: ASCII upper-cased, other runes ToUpper(ToLower(r)). */
function foldName(s: string): string {
  let out = '';
  for (const ch of s) out += ch < '\u0080' ? ch.toUpperCase() : ch.toLowerCase().toUpperCase();
  return out;
}

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
  if (node.kind === 'null') return undefined; // leaves the field untouched
  const wrong = (value: string): undefined => {
    saved.save(new Error(`json: cannot unmarshal ${value} into ${context} of type ${GO_TYPE[kind]}`));
    return undefined;
  };
  if (kind === 'string') return node.kind === 'string' ? node.value : wrong(node.kind);
  if (kind === 'bool') return node.kind === 'bool' ? node.value : wrong(node.kind);
  if (node.kind !== 'number') return wrong(node.kind);
  try {
    const n = goParseUint(node.raw);
    if (n <= 255n) return Number(n);
  } catch {
    // ParseUint failure and overflow are the same UnmarshalTypeError.
  }
  return wrong(`number ${node.raw}`);
}

/**
 * Decodes `body` onto `initial` (the Go zero values); returns the updated copy or throws
 * an Error carrying Go's text (syntax errors, `EOF`, unknown field, type errors).
 */
export function decodeGoStruct<T extends Record<string, GoFieldValue>>(body: Buffer, spec: GoStructSpec, initial: T): T {
  const root = decodeFirstJsonValue(body);
  const out: Record<string, GoFieldValue> = { ...initial };
  if (root.kind === 'null') return out as T;
  if (root.kind !== 'object') throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type ${spec.goType}`);
  const saved = new Saved();
  for (const [key, node] of root.entries) {
    const field =
      spec.fields.find(([name]) => name === key) ?? spec.fields.find(([name]) => foldName(name) === foldName(key));
    if (field === undefined) {
      saved.save(new Error(`json: unknown field ${goQuote(key)}`));
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
