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
import { durationFromFloat, parseGoDuration } from '../../util/go-duration.js';
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import { goParseFloat, goParseUint, goQuote } from '../go-strconv.js';
import { autopilotDefaults, type AutopilotValues } from './autopilot-values.js';

type GoKind = 'bool' | 'uint64' | 'uint' | 'string' | 'duration';

/** `api.AutopilotConfiguration` fields in declaration order with their Go types. */
const FIELDS: ReadonlyArray<readonly [string, GoKind]> = [
  ['CleanupDeadServers', 'bool'],
  ['LastContactThreshold', 'duration'],
  ['MaxTrailingLogs', 'uint64'],
  ['MinQuorum', 'uint'],
  ['ServerStabilizationTime', 'duration'],
  ['RedundancyZoneTag', 'string'],
  ['DisableUpgradeMigration', 'bool'],
  ['UpgradeVersionTag', 'string'],
  ['CreateIndex', 'uint64'],
  ['ModifyIndex', 'uint64'],
];

const STRUCT = 'AutopilotConfiguration';

/** encoding/json's foldName: ASCII upper-cased, other runes ToUpper(ToLower(r)). */
function foldName(s: string): string {
  let out = '';
  for (const ch of s) out += ch < '\u0080' ? ch.toUpperCase() : ch.toLowerCase().toUpperCase();
  return out;
}

function findField(key: string): readonly [string, GoKind] | undefined {
  return FIELDS.find(([name]) => name === key) ?? FIELDS.find(([name]) => foldName(name) === foldName(key));
}

/** UnmarshalTypeError.Value for a literal or composite node. */
function valueKind(node: GoJsonNode): string {
  return node.kind;
}

function typeError(field: string, value: string, goType: string): Error {
  return new Error(`json: cannot unmarshal ${value} into Go struct field ${STRUCT}.${field} of type ${goType}`);
}

/** api.ReadableDuration.UnmarshalJSON (U:api/operator_autopilot.go:273-297) on the raw bytes. */
function readableDuration(node: GoJsonNode): bigint {
  const raw = node.raw;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return parseGoDuration(raw.slice(1, -1));
  return durationFromFloat(goParseFloat(raw));
}

export function decodeAutopilotBody(body: Buffer): AutopilotValues {
  const root = decodeFirstJsonValue(body);
  const conf = autopilotDefaults() as unknown as Record<string, unknown>;
  if (root.kind === 'null') return conf as unknown as AutopilotValues;
  if (root.kind !== 'object') {
    throw new Error(`json: cannot unmarshal ${valueKind(root)} into Go value of type api.${STRUCT}`);
  }
  let saved: Error | undefined;
  const save = (e: Error): void => {
    saved ??= e;
  };
  for (const [key, node] of root.entries) {
    const field = findField(key);
    if (field === undefined) {
      save(new Error(`json: unknown field ${goQuote(key)}`));
      continue;
    }
    const [name, kind] = field;
    if (kind === 'duration') {
      // A returned (not saved) error: decoding stops here.
      conf[name] = node.kind === 'null' ? 0n : readableDuration(node);
      continue;
    }
    if (node.kind === 'null') continue; // null leaves non-pointer fields untouched
    if (kind === 'bool') {
      if (node.kind === 'bool') conf[name] = node.value;
      else save(typeError(name, valueKind(node), 'bool'));
    } else if (kind === 'string') {
      if (node.kind === 'string') conf[name] = node.value;
      else save(typeError(name, valueKind(node), 'string'));
    } else if (node.kind === 'number') {
      try {
        conf[name] = goParseUint(node.raw);
      } catch {
        save(typeError(name, `number ${node.raw}`, kind));
      }
    } else {
      save(typeError(name, valueKind(node), kind));
    }
  }
  if (saved !== undefined) throw saved;
  return conf as unknown as AutopilotValues;
}
