/**
 * Nomad's response encoder: go-msgpack's JSON handle, not encoding/json
 * (nomad-operator-api.md §1.4): `HTMLCharsAsIs` (so `<>&` stay literal), keys in the
 * order callers build them (Go struct declaration order), integers never quoted,
 * and values whose Go type has a `MarshalJSON` inserted verbatim — even inside a
 * `?pretty` (4-space indented) body (§1.3 "pretty" caveat). Those verbatim parts are
 * `RawJson`, produced with the encoding/json port. The walker is the shared one in
 * ../go-json-encode.ts; only the style differs.
 */
import { encodeJsonTree, type JsonStyle, type JsonTree } from '../go-json-encode.js';

export { RawJson } from '../go-json-encode.js';

export type NomadJsonValue = JsonTree;

/** go-msgpack `quoteStr` with HTMLCharsAsIs: `<>&` are not escaped. */
const COMPACT: JsonStyle = { escapeHTML: false, indent: undefined, label: 'nomad json' };
const PRETTY: JsonStyle = { ...COMPACT, indent: '    ' };

/**
 * The body `wrap` writes for a handler's return value (N:command/agent/http.go:799-824):
 * compact, or with `pretty` indented by 4 and followed by a newline.
 */
export function encodeNomadJson(v: NomadJsonValue, pretty: boolean): string {
  return pretty ? encodeJsonTree(v, PRETTY) + '\n' : encodeJsonTree(v, COMPACT);
}
