/**
 * Decodes a PUT /v1/operator/autopilot/configuration body exactly like
 * `lib.DecodeJSON(req.Body, &conf)` with `conf := api.NewAutopilotConfiguration()`
 * (consul-operator-api.md §4.5, §2.8, §2.9):
 *  - strict: unknown field → `json: unknown field "X"`; names matched exactly, then case-insensitively;
 *  - omitted fields keep the defaults; `null` keeps the default for plain fields but
 *    sets a duration pointer to nil, i.e. 0;
 *  - type errors are saved and the first one wins (encoding/json `saveError`), but an
 *    error from ReadableDuration.UnmarshalJSON aborts at once and wins over saved ones;
 *  - `CreateIndex`/`ModifyIndex` are decoded (so type-checked) and then ignored.
 * Returns the values or throws an Error with Go's text (without the "Error parsing" prefix).
 */
import { goDurationFromFloat, goParseDuration } from '../go-duration.js';
import { INDEX_FIELDS } from '../autopilot-fields.js';
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import { decodeGoScalar, findGoField } from '../go-json-fields.js';
import { goParseFloat, goQuote } from '../go-strconv.js';
import { autopilotDefaults, CONSUL_AUTOPILOT_FIELDS, type AutopilotValues } from './autopilot-values.js';

/** `api.AutopilotConfiguration` fields in declaration order with their Go types. */
const FIELDS = [...CONSUL_AUTOPILOT_FIELDS, ...INDEX_FIELDS];

const STRUCT = 'AutopilotConfiguration';

function typeError(field: string, value: string, goType: string): Error {
  return new Error(`json: cannot unmarshal ${value} into Go struct field ${STRUCT}.${field} of type ${goType}`);
}

/** api.ReadableDuration.UnmarshalJSON (U:api/operator_autopilot.go:273-297) on the raw bytes. */
function readableDuration(node: GoJsonNode): bigint {
  const raw = node.raw;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return goParseDuration(raw.slice(1, -1));
  return goDurationFromFloat(goParseFloat(raw));
}

export function decodeAutopilotBody(body: Buffer): AutopilotValues {
  const root = decodeFirstJsonValue(body);
  const conf = autopilotDefaults() as unknown as Record<string, unknown>;
  if (root.kind === 'null') return conf as unknown as AutopilotValues;
  if (root.kind !== 'object') {
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type api.${STRUCT}`);
  }
  let saved: Error | undefined;
  for (const [key, node] of root.entries) {
    const field = findGoField(FIELDS, key);
    if (field === undefined) {
      saved ??= new Error(`json: unknown field ${goQuote(key)}`); // strict: DisallowUnknownFields
      continue;
    }
    const [name, kind] = field;
    if (kind === 'duration') {
      // A returned (not saved) error: decoding stops here.
      conf[name] = node.kind === 'null' ? 0n : readableDuration(node);
      continue;
    }
    const scalar = decodeGoScalar(kind, node);
    if (scalar === undefined) continue; // null leaves non-pointer fields untouched
    if ('value' in scalar) conf[name] = scalar.value;
    else saved ??= typeError(name, scalar.wrong, kind);
  }
  if (saved !== undefined) throw saved;
  return conf as unknown as AutopilotValues;
}
