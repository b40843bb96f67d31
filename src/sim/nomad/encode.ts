/**
 * Nomad's response encoder: go-msgpack's JSON handle, not encoding/json
 * (nomad-operator-api.md §1.4): `HTMLCharsAsIs` (so `<>&` stay literal), every object's keys
 * sorted, integers never quoted, and values whose Go type has a `MarshalJSON` inserted
 * verbatim — even inside a `?pretty` (4-space indented) body (§1.3 "pretty" caveat), and
 * with their own (encoding/json, declaration) key order. Those verbatim parts are
 * `RawJson`, produced with the encoding/json port. The walker is the shared one in
 * ../go-json-encode.ts; only the style differs.
 */
import { encodeJsonTree, type JsonStyle, type JsonTree } from '../go-json-encode.js';

export { RawJson } from '../go-json-encode.js';

export type NomadJsonValue = JsonTree;

/**
 * go-msgpack `quoteStr` with HTMLCharsAsIs: `<>&` are not escaped. Struct fields come out sorted by
 * name, not in declaration order as §1.4 says: `kStruct` encodes a struct as a map through `sfiSort`
 * ("if toMap, use the sorted array", go-msgpack/v2@v2.1.5 codec/encode.go:711-715, sorted by encName
 * at helper.go:1306-1310), and real Nomad 2.0.6 was seen answering health `FailureTolerance, Healthy,
 * Leader, Servers, Voters` and raft servers `Address, ID, Leader, Node, RaftProtocol, Voter`
 * (observed-real-servers.md "Smaller differences"). Go maps are unordered there; sorted here too.
 */
const COMPACT: JsonStyle = { escapeHTML: false, indent: undefined, label: 'nomad json', sortKeys: true };
const PRETTY: JsonStyle = { ...COMPACT, indent: '    ' };

/**
 * The body `wrap` writes for a handler's return value (N:command/agent/http.go:799-824):
 * compact, or with `pretty` indented by 4 and followed by a newline.
 */
export function encodeNomadJson(v: NomadJsonValue, pretty: boolean): string {
  return pretty ? encodeJsonTree(v, PRETTY) + '\n' : encodeJsonTree(v, COMPACT);
}
