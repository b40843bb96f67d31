/**
 * Autopilot configuration values, table-driven for both products (consul-operator-api.md
 * §4.5, nomad-operator-api.md §3.4). Both store Go-typed values (bool, string, uint64/uint
 * as bigint, durations as int64 nanoseconds) and show durations as Go duration strings;
 * each product passes its own field table, so the field set, the key order and how a
 * JS number becomes a Go unsigned (Consul: as given, Nomad: checked) stay its own.
 */
import { goFormatDuration, goParseDuration } from './go-duration.js';

export type AutopilotKind = 'bool' | 'string' | 'uint64' | 'uint' | 'duration';

/** One Go struct field: its JSON name and Go kind. */
export type AutopilotField<K extends string = string> = readonly [name: K, kind: AutopilotKind];

/** The raft indexes that follow the values in every body (both uint64). */
export const INDEX_FIELDS = [
  ['CreateIndex', 'uint64'],
  ['ModifyIndex', 'uint64'],
] as const satisfies ReadonlyArray<AutopilotField>;

/** The raft indexes as the control API and a client's JSON.parse see them. */
export type RaftIndexes = { CreateIndex: number; ModifyIndex: number };

/**
 * raft-autopilot's own settings: both products store them first, with the same Go types
 * and the same agent defaults; each product's config adds its own fields after them.
 * With each product's additions, the only list of autopilot fields on the simulator's side:
 * the value types below are derived from it.
 */
export const CORE_AUTOPILOT_FIELDS = [
  ['CleanupDeadServers', 'bool'],
  ['LastContactThreshold', 'duration'],
  ['MaxTrailingLogs', 'uint64'],
  ['MinQuorum', 'uint'],
  ['ServerStabilizationTime', 'duration'],
] as const satisfies ReadonlyArray<AutopilotField>;

/** How Go stores each kind here: unsigned integers as bigint, durations as int64 nanoseconds. */
interface GoTypes {
  bool: boolean;
  string: string;
  uint64: bigint;
  uint: bigint;
  duration: bigint;
}

/** How the wire spells each kind, once parsed: numbers, and durations as Go duration strings (§2.9). */
interface WireTypes {
  bool: boolean;
  string: string;
  uint64: number;
  uint: number;
  duration: string;
}

/** The Go-typed values of a field table. */
export type GoValuesOf<F extends ReadonlyArray<AutopilotField>> = { [E in F[number] as E[0]]: GoTypes[E[1]] };

/** The values of a field table as a client reads and writes them. */
export type WireValuesOf<F extends ReadonlyArray<AutopilotField>> = { [E in F[number] as E[0]]: WireTypes[E[1]] };

export type CoreAutopilotValues = GoValuesOf<typeof CORE_AUTOPILOT_FIELDS>;

/** The agents' defaults (U:agent/config/default.go:72-77, N:nomad/config.go:699-704): true, "200ms", 250, 0, "10s". */
export function coreAutopilotDefaults(): CoreAutopilotValues {
  return {
    CleanupDeadServers: true,
    LastContactThreshold: 200_000_000n,
    MaxTrailingLogs: 250n,
    MinQuorum: 0n,
    ServerStabilizationTime: 10_000_000_000n,
  };
}

type Loose = Record<string, unknown>;

/** Go's zero value of every field: what a lenient decode leaves for fields it was not sent. */
export function zeroValues<V>(fields: ReadonlyArray<AutopilotField>): V {
  const zero: Record<AutopilotKind, unknown> = { bool: false, string: '', uint64: 0n, uint: 0n, duration: 0n };
  return Object.fromEntries(fields.map(([name, kind]) => [name, zero[kind]])) as V;
}

/**
 * Overlays a public-API patch (merge semantics) in table order: durations through
 * `time.ParseDuration` (which throws Go's text), unsigned fields through `toUint`.
 */
export function patchValues<V>(
  base: V,
  patch: object,
  fields: ReadonlyArray<AutopilotField>,
  toUint: (name: string, n: number) => bigint,
): V {
  const next: Loose = { ...(base as Loose) };
  for (const [name, kind] of fields) {
    const v = (patch as Loose)[name];
    if (v === undefined) continue;
    if (kind === 'duration') next[name] = goParseDuration(v as string);
    else if (kind === 'uint64' || kind === 'uint') next[name] = toUint(name, v as number);
    else next[name] = v;
  }
  return next as V;
}

/**
 * The stored config in `fields` order followed by the raft indexes, durations as Go
 * duration strings; unsigned fields stay bigint for the encoder or become JS numbers,
 * as a client parses them.
 */
export function wireValues(c: object, fields: ReadonlyArray<AutopilotField>, uints: 'bigint' | 'number'): Loose {
  const stored = c as Loose;
  const out: Loose = {};
  for (const [name, kind] of fields) {
    const v = stored[name];
    if (kind === 'duration') out[name] = goFormatDuration(v as bigint);
    else if (kind === 'uint64' || kind === 'uint') out[name] = uints === 'number' ? Number(v) : v;
    else out[name] = v;
  }
  out['CreateIndex'] = stored['CreateIndex'];
  out['ModifyIndex'] = stored['ModifyIndex'];
  return out;
}
