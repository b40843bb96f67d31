/**
 * Encodes response bodies byte-for-byte like Go's `json.Marshal` / `json.MarshalIndent(v, "", "    ")`
 * (consul-operator-api.md §2.4): object keys in insertion order (callers build objects
 * in Go struct declaration order and sort map keys themselves), bigint for uint64,
 * Go's HTML-safe string escaping.
 */

export type GoJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly GoJsonValue[]
  | { readonly [key: string]: GoJsonValue | undefined };

/** Go's encodeState.string with escapeHTML=true (the json.Marshal default). */
export function goJsonString(s: string): string {
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
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
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

function encode(v: GoJsonValue, indent: string | undefined, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isInteger(v)) throw new Error(`goJson: non-integer number ${v}`);
      return v.toString();
    case 'string':
      return goJsonString(v);
  }
  const nl = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const close = indent === undefined ? '' : '\n' + indent.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((item: GoJsonValue) => nl + encode(item, indent, depth + 1)).join(',') + close + ']';
  }
  const parts: string[] = [];
  for (const [key, item] of Object.entries(v as { [key: string]: GoJsonValue | undefined })) {
    if (item === undefined) continue; // omitempty / absent field
    parts.push(nl + goJsonString(key) + (indent === undefined ? ':' : ': ') + encode(item, indent, depth + 1));
  }
  if (parts.length === 0) return '{}';
  return '{' + parts.join(',') + close + '}';
}

/** `json.Marshal(v)`. */
export function goJsonMarshal(v: GoJsonValue): string {
  return encode(v, undefined, 0);
}

/** `json.MarshalIndent(v, "", "    ")`. */
export function goJsonMarshalIndent(v: GoJsonValue): string {
  return encode(v, '    ', 0);
}
