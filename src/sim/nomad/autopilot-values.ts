/**
 * Nomad's autopilot configuration (nomad-operator-api.md §3.4) in the shapes the
 * simulator needs: Go-typed values (uint64/uint as bigint, durations as int64
 * nanoseconds) for fidelity, and the wire shape (durations as Go duration strings,
 * exactly what GET returns and PUT expects) for the public control API.
 */
import { formatGoDuration, parseGoDuration } from '../../util/go-duration.js';
import { goJsonMarshal } from '../go-json-encode.js';
import { RawJson } from './encode.js';

/**
 * The PUT body / GET body fields without the indexes. Durations are Go duration
 * strings on the wire ("200ms", "10s", "1m30s"), never numbers (§3.4, §10.8).
 */
export interface NomadAutopilotInput {
  CleanupDeadServers: boolean;
  LastContactThreshold: string;
  MaxTrailingLogs: number;
  MinQuorum: number;
  ServerStabilizationTime: string;
  EnableRedundancyZones: boolean;
  DisableUpgradeMigration: boolean;
  EnableCustomUpgrades: boolean;
}

/** GET's body parsed: durations in Go's canonical `Duration.String()` form, plus the raft indexes. */
export interface NomadAutopilotOutput extends NomadAutopilotInput {
  CreateIndex: number;
  ModifyIndex: number;
}

/** `structs.AutopilotConfig` without the indexes (N:nomad/structs/operator.go:151-188). */
export interface AutopilotValues {
  CleanupDeadServers: boolean;
  LastContactThreshold: bigint;
  MaxTrailingLogs: bigint;
  MinQuorum: bigint;
  ServerStabilizationTime: bigint;
  EnableRedundancyZones: boolean;
  DisableUpgradeMigration: boolean;
  EnableCustomUpgrades: boolean;
}

export interface StoredAutopilotConfig extends AutopilotValues {
  CreateIndex: number;
  ModifyIndex: number;
}

/** Defaults the first leader writes (§3.4, N:nomad/config.go:699-704). */
export function autopilotDefaults(): AutopilotValues {
  return {
    CleanupDeadServers: true,
    LastContactThreshold: 200_000_000n,
    MaxTrailingLogs: 250n,
    MinQuorum: 0n,
    ServerStabilizationTime: 10_000_000_000n,
    EnableRedundancyZones: false,
    DisableUpgradeMigration: false,
    EnableCustomUpgrades: false,
  };
}

/** Every field false/zero: what a PUT leaves for each field it does not send (§3.4). */
export function autopilotZero(): AutopilotValues {
  return {
    CleanupDeadServers: false,
    LastContactThreshold: 0n,
    MaxTrailingLogs: 0n,
    MinQuorum: 0n,
    ServerStabilizationTime: 0n,
    EnableRedundancyZones: false,
    DisableUpgradeMigration: false,
    EnableCustomUpgrades: false,
  };
}

function nonNegativeInteger(name: string, n: number): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`simulator: ${name} must be a non-negative integer, got ${n}`);
  return BigInt(n);
}

/** Overlays a public-API patch (merge, unlike HTTP PUT); a bad duration throws Go's text. */
export function applyAutopilotPatch(base: AutopilotValues, patch: Partial<NomadAutopilotInput>): AutopilotValues {
  const next = { ...base };
  if (patch.CleanupDeadServers !== undefined) next.CleanupDeadServers = patch.CleanupDeadServers;
  if (patch.LastContactThreshold !== undefined) next.LastContactThreshold = parseGoDuration(patch.LastContactThreshold);
  if (patch.MaxTrailingLogs !== undefined) next.MaxTrailingLogs = nonNegativeInteger('MaxTrailingLogs', patch.MaxTrailingLogs);
  if (patch.MinQuorum !== undefined) next.MinQuorum = nonNegativeInteger('MinQuorum', patch.MinQuorum);
  if (patch.ServerStabilizationTime !== undefined) {
    next.ServerStabilizationTime = parseGoDuration(patch.ServerStabilizationTime);
  }
  if (patch.EnableRedundancyZones !== undefined) next.EnableRedundancyZones = patch.EnableRedundancyZones;
  if (patch.DisableUpgradeMigration !== undefined) next.DisableUpgradeMigration = patch.DisableUpgradeMigration;
  if (patch.EnableCustomUpgrades !== undefined) next.EnableCustomUpgrades = patch.EnableCustomUpgrades;
  return next;
}

/**
 * The GET body: `api.AutopilotConfiguration.MarshalJSON` (N:api/operator_autopilot.go:60-71)
 * runs encoding/json on a struct whose string duration fields shadow the embedded
 * ones, so the two durations come first (§3.4 key order). Inserted verbatim by the
 * msgpack encoder, hence compact even with `?pretty`.
 */
export function autopilotBody(c: StoredAutopilotConfig): RawJson {
  return new RawJson(
    goJsonMarshal({
      LastContactThreshold: formatGoDuration(c.LastContactThreshold),
      ServerStabilizationTime: formatGoDuration(c.ServerStabilizationTime),
      CleanupDeadServers: c.CleanupDeadServers,
      MaxTrailingLogs: c.MaxTrailingLogs,
      MinQuorum: c.MinQuorum,
      EnableRedundancyZones: c.EnableRedundancyZones,
      DisableUpgradeMigration: c.DisableUpgradeMigration,
      EnableCustomUpgrades: c.EnableCustomUpgrades,
      CreateIndex: c.CreateIndex,
      ModifyIndex: c.ModifyIndex,
    }),
  );
}

/** The configuration as a client parses GET's body (uint64s as JS numbers). */
export function autopilotOutput(c: StoredAutopilotConfig): NomadAutopilotOutput {
  return {
    CleanupDeadServers: c.CleanupDeadServers,
    LastContactThreshold: formatGoDuration(c.LastContactThreshold),
    MaxTrailingLogs: Number(c.MaxTrailingLogs),
    MinQuorum: Number(c.MinQuorum),
    ServerStabilizationTime: formatGoDuration(c.ServerStabilizationTime),
    EnableRedundancyZones: c.EnableRedundancyZones,
    DisableUpgradeMigration: c.DisableUpgradeMigration,
    EnableCustomUpgrades: c.EnableCustomUpgrades,
    CreateIndex: c.CreateIndex,
    ModifyIndex: c.ModifyIndex,
  };
}
