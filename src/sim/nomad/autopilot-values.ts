/**
 * Nomad's autopilot configuration (nomad-operator-api.md §3.4) in the shapes the
 * simulator needs: Go-typed values (uint64/uint as bigint, durations as int64
 * nanoseconds) for fidelity, and the wire shape (durations as Go duration strings,
 * exactly what GET returns and PUT expects) for the public control API. Conversions are
 * the shared table-driven ones (../autopilot-fields.ts) over Nomad's field table.
 */
import {
  CORE_AUTOPILOT_FIELDS,
  coreAutopilotDefaults,
  patchValues,
  wireValues,
  zeroValues,
  type AutopilotField,
  type GoValuesOf,
  type RaftIndexes,
  type WireValuesOf,
} from '../autopilot-fields.js';
import { goJsonMarshal, RawJson, type GoJsonValue } from '../go-json-encode.js';

/** `api.AutopilotConfiguration` fields (without the indexes) in declaration order with their Go kinds. */
export const NOMAD_AUTOPILOT_FIELDS = [
  ...CORE_AUTOPILOT_FIELDS,
  ['EnableRedundancyZones', 'bool'],
  ['DisableUpgradeMigration', 'bool'],
  ['EnableCustomUpgrades', 'bool'],
] as const satisfies ReadonlyArray<AutopilotField>;

/**
 * The PUT body / GET body fields without the indexes. Durations are Go duration
 * strings on the wire ("200ms", "10s", "1m30s"), never numbers (§3.4, §10.8).
 */
export type NomadAutopilotInput = WireValuesOf<typeof NOMAD_AUTOPILOT_FIELDS>;

/** GET's body parsed: durations in Go's canonical `Duration.String()` form, plus the raft indexes. */
export type NomadAutopilotOutput = NomadAutopilotInput & RaftIndexes;

/** `structs.AutopilotConfig` without the indexes (N:nomad/structs/operator.go:151-188). */
export type AutopilotValues = GoValuesOf<typeof NOMAD_AUTOPILOT_FIELDS>;

/** What the raft state holds: the values and the indexes of their creating and latest write. */
export type StoredAutopilotConfig = AutopilotValues & RaftIndexes;

/**
 * The fields of the anonymous struct `MarshalJSON`/`UnmarshalJSON` use
 * (N:api/operator_autopilot.go:60-97): the two duration strings are declared first and
 * shadow the embedded ones, then the embedded Alias's other fields in declaration order.
 */
export const NOMAD_ALIAS_FIELDS = [
  ...NOMAD_AUTOPILOT_FIELDS.filter(([, kind]) => kind === 'duration'),
  ...NOMAD_AUTOPILOT_FIELDS.filter(([, kind]) => kind !== 'duration'),
];

/** Defaults the first leader writes (§3.4, N:nomad/config.go:699-704). */
export function autopilotDefaults(): AutopilotValues {
  return {
    ...coreAutopilotDefaults(),
    EnableRedundancyZones: false,
    DisableUpgradeMigration: false,
    EnableCustomUpgrades: false,
  };
}

/** Every field false/zero: what a PUT leaves for each field it does not send (§3.4). */
export function autopilotZero(): AutopilotValues {
  return zeroValues(NOMAD_AUTOPILOT_FIELDS);
}

function nonNegativeInteger(name: string, n: number): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`simulator: ${name} must be a non-negative integer, got ${n}`);
  return BigInt(n);
}

/** Overlays a public-API patch (merge, unlike HTTP PUT); a bad duration throws Go's text. */
export function applyAutopilotPatch(base: AutopilotValues, patch: Partial<NomadAutopilotInput>): AutopilotValues {
  return patchValues(base, patch, NOMAD_AUTOPILOT_FIELDS, nonNegativeInteger);
}

/**
 * The GET body: `api.AutopilotConfiguration.MarshalJSON` runs encoding/json on the
 * anonymous struct, so the two durations come first (§3.4 key order). Inserted verbatim
 * by the msgpack encoder, hence compact even with `?pretty`.
 */
export function autopilotBody(c: StoredAutopilotConfig): RawJson {
  return new RawJson(goJsonMarshal(wireValues(c, NOMAD_ALIAS_FIELDS, 'bigint') as GoJsonValue));
}

/** The configuration as a client parses GET's body (uint64s as JS numbers), in struct order. */
export function autopilotOutput(c: StoredAutopilotConfig): NomadAutopilotOutput {
  return wireValues(c, NOMAD_AUTOPILOT_FIELDS, 'number') as NomadAutopilotOutput;
}
