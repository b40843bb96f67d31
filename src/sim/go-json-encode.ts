/**
 * Encodes response bodies byte-for-byte like Go's JSON encoders. One walker serves both
 * products because they differ only in string escaping and indentation:
 *  - Consul: encoding/json `json.Marshal` / `json.MarshalIndent(v, "", "    ")`
 *    (consul-operator-api.md §2.4), HTML-safe escaping;
 *  - Nomad: go-msgpack's JSON handle (nomad-operator-api.md §1.4, nomad/encode.ts),
 *    `HTMLCharsAsIs`, keys sorted, plus `RawJson` parts inserted verbatim.
 * Without `sortKeys`, object keys come out in insertion order (callers build objects in Go
 * struct declaration order and sort map keys themselves); bigint carries uint64.
 */

export type GoJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly GoJsonValue[]
  | { readonly [key: string]: GoJsonValue | undefined };

/** A pre-encoded JSON fragment (a Go value encoded through its own MarshalJSON). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** What the walker accepts: Go JSON values, anywhere possibly a verbatim `RawJson` part. */
export type JsonTree =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawJson
  | readonly JsonTree[]
  | { readonly [key: string]: JsonTree | undefined };

export interface JsonStyle {
  /** encoding/json escapes `<`, `>`, `&` as \u003c…; go-msgpack with HTMLCharsAsIs leaves them. */
  escapeHTML: boolean;
  /** One indent level (MarshalIndent, `?pretty`), or undefined for compact output. */
  indent: string | undefined;
  /** Names the encoder in the error for a non-integer number (a simulator bug, never a Go text). */
  label: string;
  /** Object keys in byte order (go-msgpack writes every struct's fields sorted by name), not as built. */
  sortKeys?: boolean;
}

/** Go's string order: bytewise on UTF-8 (UTF-16 order differs above U+FFFF). */
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Go's string quoting: `"`, `\`, control characters, U+2028/9 escaped, and with
 * `escapeHTML` also `<>&`; a lone surrogate (invalid UTF-8 in Go) becomes U+FFFD.
 */
export function goJsonQuote(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029 || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else if (c >= 0xd800 && c < 0xe000) {
      // A valid surrogate pair is one rune; a lone surrogate is invalid UTF-8 → U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += '\\ufffd';
      }
    } else out += s[i];
  }
  return out + '"';
}

/** Go's encodeState.string with escapeHTML=true (the json.Marshal default). */
export function goJsonString(s: string): string {
  return goJsonQuote(s, true);
}

export function encodeJsonTree(v: JsonTree, style: JsonStyle, depth = 0): string {
  if (v === null) return 'null';
  if (v instanceof RawJson) return v.text;
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isInteger(v)) throw new Error(`${style.label}: non-integer number ${v}`);
      return v.toString();
    case 'string':
      return goJsonQuote(v, style.escapeHTML);
  }
  const { indent } = style;
  const nl = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const close = indent === undefined ? '' : '\n' + indent.repeat(depth);
  if (Array.isArray(v)) {
    // Empty containers print as [] / {} in both encoders (go-msgpack's pretty form is UNCONFIRMED).
    if (v.length === 0) return '[]';
    return '[' + v.map((item: JsonTree) => nl + encodeJsonTree(item, style, depth + 1)).join(',') + close + ']';
  }
  const parts: string[] = [];
  const entries = Object.entries(v as { [key: string]: JsonTree | undefined });
  if (style.sortKeys === true) entries.sort(([a], [b]) => byUtf8(a, b));
  for (const [key, item] of entries) {
    if (item === undefined) continue; // omitempty / absent field
    const sep = indent === undefined ? ':' : ': ';
    parts.push(nl + goJsonQuote(key, style.escapeHTML) + sep + encodeJsonTree(item, style, depth + 1));
  }
  if (parts.length === 0) return '{}';
  return '{' + parts.join(',') + close + '}';
}

const COMPACT: JsonStyle = { escapeHTML: true, indent: undefined, label: 'goJson' };
const INDENTED: JsonStyle = { ...COMPACT, indent: '    ' };

/** `json.Marshal(v)`. */
export function goJsonMarshal(v: GoJsonValue): string {
  return encodeJsonTree(v, COMPACT);
}

/** `json.MarshalIndent(v, "", "    ")`. */
export function goJsonMarshalIndent(v: GoJsonValue): string {
  return encodeJsonTree(v, INDENTED);
}
