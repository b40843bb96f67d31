/**
 * Decodes a PUT /v1/operator/autopilot/configuration body the way Nomad does
 * (nomad-operator-api.md §3.4; N:command/agent/http.go decodeBody, N:api/operator_autopilot.go:73-97):
 *  - `json.NewDecoder(body).Decode(&out)`: only the first JSON value is read (syntax
 *    errors/EOF with Go's text, go-json-scanner.ts); a Content-Length 0 body is
 *    `Request body is empty`; a top-level `null` leaves the zero config;
 *  - `UnmarshalJSON` decodes into an anonymous struct whose `LastContactThreshold` and
 *    `ServerStabilizationTime` are *strings* shadowing the embedded durations, so
 *    durations must be strings, `""`/`null`/missing mean 0, and numbers are type errors;
 *  - LENIENT: unknown keys are ignored (no DisallowUnknownFields, unlike Consul);
 *    keys match exactly, else case-insensitively (encoding/json foldName);
 *  - every field not sent stays zero (no defaults, no merge with the stored config);
 *  - type errors are saved (the first wins) and reported after the whole object,
 *    before any duration is parsed;
 *  - `CreateIndex`/`ModifyIndex` are decoded (type-checked) and then ignored.
 * Type errors name the field's path in the anonymous struct: `.LastContactThreshold` for the
 * shadowing strings, `.Alias.MinQuorum` for the embedded fields (Go 1.24+ wording, as a real
 * Nomad 2.0.6 answered).
 */
import { goParseDuration } from '../go-duration.js';
import { INDEX_FIELDS } from '../autopilot-fields.js';
import { decodeFirstJsonValue } from '../go-json-decode.js';
import { decodeGoScalar, findGoField, type GoScalarKind } from '../go-json-fields.js';
import { autopilotZero, NOMAD_ALIAS_FIELDS, type AutopilotValues } from './autopilot-values.js';

/** The alias struct's fields: the shadowing duration *strings* first (§3.4), then the indexes. */
const FIELDS: ReadonlyArray<readonly [string, GoScalarKind]> = [
  ...NOMAD_ALIAS_FIELDS.map(([name, kind]) => [name, kind === 'duration' ? 'string' : kind] as const),
  ...INDEX_FIELDS,
];

/** reflect's String() of the anonymous struct UnmarshalJSON decodes into. */
const ALIAS_STRUCT = 'struct { LastContactThreshold string; ServerStabilizationTime string; *api.Alias }';

const SHADOWING = new Set(['LastContactThreshold', 'ServerStabilizationTime']);

/** UnmarshalTypeError text for a field of the anonymous struct (Struct name is ""). */
function fieldTypeError(field: string, value: string, goType: string): Error {
  const path = SHADOWING.has(field) ? field : `Alias.${field}`;
  return new Error(`json: cannot unmarshal ${value} into Go struct field .${path} of type ${goType}`);
}

/** Thrown for a request whose body Go's server sees as http.NoBody. */
export const EMPTY_BODY = 'Request body is empty';

/**
 * Returns the values to write, or throws an Error whose message follows
 * `Error parsing autopilot config: ` in the 400 body.
 */
export function decodeAutopilotBody(body: Buffer, noBody: boolean): AutopilotValues {
  if (noBody) throw new Error(EMPTY_BODY);
  const root = decodeFirstJsonValue(body);
  const conf = autopilotZero() as unknown as Record<string, unknown>;
  // A top-level null never reaches UnmarshalJSON: the interface is set to nil and conf stays zero.
  if (root.kind === 'null') return conf as unknown as AutopilotValues;
  if (root.kind !== 'object')
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type ${ALIAS_STRUCT}`);

  let saved: Error | undefined;
  let lct = '';
  let sst = '';
  for (const [key, node] of root.entries) {
    const field = findGoField(FIELDS, key);
    if (field === undefined) continue; // lenient: unknown keys are ignored
    const [name, kind] = field;
    const scalar = decodeGoScalar(kind, node);
    if (scalar === undefined) continue; // null leaves non-pointer fields untouched
    if (!('value' in scalar)) {
      saved ??= fieldTypeError(name, scalar.wrong, kind);
      continue;
    }
    if (name === 'LastContactThreshold') lct = scalar.value as string;
    else if (name === 'ServerStabilizationTime') sst = scalar.value as string;
    else conf[name] = scalar.value;
  }
  if (saved !== undefined) throw saved;
  // After json.Unmarshal succeeded: non-empty strings go through time.ParseDuration.
  if (lct !== '') conf['LastContactThreshold'] = goParseDuration(lct);
  if (sst !== '') conf['ServerStabilizationTime'] = goParseDuration(sst);
  return conf as unknown as AutopilotValues;
}
