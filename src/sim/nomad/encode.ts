/**
 * Nomad's response encoder: go-msgpack's JSON handle, not encoding/json
 * (nomad-operator-api.md §1.4): `HTMLCharsAsIs` (so `<>&` stay literal), keys in the
 * order callers build them (Go struct declaration order), integers never quoted,
 * and values whose Go type has a `MarshalJSON` inserted verbatim — even inside a
 * `?pretty` (4-space indented) body (§1.3 "pretty" caveat). Those verbatim parts are
 * `RawJson`, produced with the encoding/json port (go-json-encode.ts).
 */

/** A pre-encoded JSON fragment (a Go value encoded through its own MarshalJSON). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type NomadJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawJson
  | readonly NomadJsonValue[]
  | { readonly [key: string]: NomadJsonValue | undefined };

/** go-msgpack `quoteStr` with HTMLCharsAsIs: only `"`, `\`, control characters, U+2028/9 and bad UTF-16 are escaped. */
export function msgpackJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16);
    else if (c >= 0xd800 && c < 0xe000) {
      const next = s.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += '\\ufffd'; // a lone surrogate cannot be valid UTF-8 in Go
      }
    } else out += s[i];
  }
  return out + '"';
}

function encode(v: NomadJsonValue, pretty: boolean, depth: number): string {
  if (v === null) return 'null';
  if (v instanceof RawJson) return v.text;
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isInteger(v)) throw new Error(`nomad json: non-integer number ${v}`);
      return v.toString();
    case 'string':
      return msgpackJsonString(v);
  }
  const nl = pretty ? '\n' + '    '.repeat(depth + 1) : '';
  const close = pretty ? '\n' + '    '.repeat(depth) : '';
  if (Array.isArray(v)) {
    // Empty containers print as [] / {} (ugorji "no entry" rule; go-msgpack's exact
    // pretty output for empty arrays is UNCONFIRMED).
    if (v.length === 0) return '[]';
    return '[' + v.map((item: NomadJsonValue) => nl + encode(item, pretty, depth + 1)).join(',') + close + ']';
  }
  const parts: string[] = [];
  for (const [key, item] of Object.entries(v as { [key: string]: NomadJsonValue | undefined })) {
    if (item === undefined) continue; // omitempty
    parts.push(nl + msgpackJsonString(key) + (pretty ? ': ' : ':') + encode(item, pretty, depth + 1));
  }
  if (parts.length === 0) return '{}';
  return '{' + parts.join(',') + close + '}';
}

/**
 * The body `wrap` writes for a handler's return value (N:command/agent/http.go:799-824):
 * compact, or with `pretty` indented by 4 and followed by a newline.
 */
export function encodeNomadJson(v: NomadJsonValue, pretty: boolean): string {
  return pretty ? encode(v, true, 0) + '\n' : encode(v, false, 0);
}
