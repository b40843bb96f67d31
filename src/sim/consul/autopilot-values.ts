/**
 * The autopilot configuration values (consul-operator-api.md §4.5) in the two shapes
 * the simulator needs: Go-typed (`AutopilotValues`: uint64 as bigint, durations as
 * nanoseconds) for fidelity, and the HTTP JSON shape (`AutopilotConfigInput`,
 * durations as Go duration strings) for the public control API. The conversions are
 * the shared table-driven ones (../autopilot-fields.ts) over Consul's field table.
 */
import {
  CORE_AUTOPILOT_FIELDS,
  coreAutopilotDefaults,
  patchValues,
  wireValues,
  type AutopilotField,
  type GoValuesOf,
  type RaftIndexes,
  type WireValuesOf,
} from '../autopilot-fields.js';
import type { GoJsonValue } from '../go-json-encode.js';

/** `api.AutopilotConfiguration` fields (without the indexes) in declaration order with their Go kinds. */
export const CONSUL_AUTOPILOT_FIELDS = [
  ...CORE_AUTOPILOT_FIELDS,
  ['RedundancyZoneTag', 'string'],
  ['DisableUpgradeMigration', 'bool'],
  ['UpgradeVersionTag', 'string'],
] as const satisfies ReadonlyArray<AutopilotField>;

/** Consul's JSON field names; durations as Go duration strings (§2.9). */
export type AutopilotConfigInput = WireValuesOf<typeof CONSUL_AUTOPILOT_FIELDS>;

/** The configuration as GET returns it, parsed. */
export type AutopilotConfigOutput = AutopilotConfigInput & RaftIndexes;

/** `structs.AutopilotConfig` without the indexes. */
export type AutopilotValues = GoValuesOf<typeof CONSUL_AUTOPILOT_FIELDS>;

/** What the raft state holds: the values and the indexes of their creating and latest write. */
export type StoredAutopilotConfig = AutopilotValues & RaftIndexes;

/**
 * `api.NewAutopilotConfiguration()` (U:api/operator_autopilot.go:66-79), which equals the
 * agent defaults (U:agent/config/default.go:72-77): true, "200ms", 250, 0, "10s", "", false, "".
 */
export function autopilotDefaults(): AutopilotValues {
  return {
    ...coreAutopilotDefaults(),
    RedundancyZoneTag: '',
    DisableUpgradeMigration: false,
    UpgradeVersionTag: '',
  };
}

/** Overlays a public-API patch; throws Go's text for a bad duration string. Numbers go to BigInt unchecked. */
export function applyAutopilotPatch(base: AutopilotValues, patch: Partial<AutopilotConfigInput>): AutopilotValues {
  return patchValues(base, patch, CONSUL_AUTOPILOT_FIELDS, (_name, n) => BigInt(n));
}

/** The GET body in `api.AutopilotConfiguration` field order (§4.5). */
export function autopilotJson(c: StoredAutopilotConfig): GoJsonValue {
  return wireValues(c, CONSUL_AUTOPILOT_FIELDS, 'bigint') as GoJsonValue;
}

/** The same object parsed, as a client would see it: uint64s as numbers. */
export function autopilotOutput(c: StoredAutopilotConfig): AutopilotConfigOutput {
  return wireValues(c, CONSUL_AUTOPILOT_FIELDS, 'number') as AutopilotConfigOutput;
}
