/**
 * The autopilot configuration values (consul-operator-api.md §4.5) in the two shapes
 * the simulator needs: Go-typed (`AutopilotValues`: uint64 as bigint, durations as
 * nanoseconds) for fidelity, and the HTTP JSON shape (`AutopilotConfigInput`,
 * durations as Go duration strings) for the public control API.
 */
import { formatGoDuration, parseGoDuration } from '../../util/go-duration.js';
import type { ConsulAutopilotLive, ConsulAutopilotSettings } from '../../model/autopilot.js';
import type { GoJsonValue } from '../go-json-encode.js';

/** Consul's JSON field names; durations as Go duration strings (§2.9). Same shape as the engine's model. */
export type AutopilotConfigInput = ConsulAutopilotSettings;

/** The configuration as GET returns it, parsed. */
export type AutopilotConfigOutput = ConsulAutopilotLive;

/** `structs.AutopilotConfig` without the indexes. */
export interface AutopilotValues {
  CleanupDeadServers: boolean;
  LastContactThreshold: bigint;
  MaxTrailingLogs: bigint;
  MinQuorum: bigint;
  ServerStabilizationTime: bigint;
  RedundancyZoneTag: string;
  DisableUpgradeMigration: boolean;
  UpgradeVersionTag: string;
}

export interface StoredAutopilotConfig extends AutopilotValues {
  CreateIndex: number;
  ModifyIndex: number;
}

/**
 * `api.NewAutopilotConfiguration()` (U:api/operator_autopilot.go:66-79), which equals the
 * agent defaults (U:agent/config/default.go:72-77): true, "200ms", 250, 0, "10s", "", false, "".
 */
export function autopilotDefaults(): AutopilotValues {
  return {
    CleanupDeadServers: true,
    LastContactThreshold: 200_000_000n,
    MaxTrailingLogs: 250n,
    MinQuorum: 0n,
    ServerStabilizationTime: 10_000_000_000n,
    RedundancyZoneTag: '',
    DisableUpgradeMigration: false,
    UpgradeVersionTag: '',
  };
}

/** Overlays a public-API patch; throws Go's text for a bad duration string. */
export function applyAutopilotPatch(base: AutopilotValues, patch: Partial<AutopilotConfigInput>): AutopilotValues {
  const next = { ...base };
  if (patch.CleanupDeadServers !== undefined) next.CleanupDeadServers = patch.CleanupDeadServers;
  if (patch.LastContactThreshold !== undefined) next.LastContactThreshold = parseGoDuration(patch.LastContactThreshold);
  if (patch.MaxTrailingLogs !== undefined) next.MaxTrailingLogs = BigInt(patch.MaxTrailingLogs);
  if (patch.MinQuorum !== undefined) next.MinQuorum = BigInt(patch.MinQuorum);
  if (patch.ServerStabilizationTime !== undefined) {
    next.ServerStabilizationTime = parseGoDuration(patch.ServerStabilizationTime);
  }
  if (patch.RedundancyZoneTag !== undefined) next.RedundancyZoneTag = patch.RedundancyZoneTag;
  if (patch.DisableUpgradeMigration !== undefined) next.DisableUpgradeMigration = patch.DisableUpgradeMigration;
  if (patch.UpgradeVersionTag !== undefined) next.UpgradeVersionTag = patch.UpgradeVersionTag;
  return next;
}

/** The GET body in `api.AutopilotConfiguration` field order (§4.5). */
export function autopilotJson(c: StoredAutopilotConfig): GoJsonValue {
  return {
    CleanupDeadServers: c.CleanupDeadServers,
    LastContactThreshold: formatGoDuration(c.LastContactThreshold),
    MaxTrailingLogs: c.MaxTrailingLogs,
    MinQuorum: c.MinQuorum,
    ServerStabilizationTime: formatGoDuration(c.ServerStabilizationTime),
    RedundancyZoneTag: c.RedundancyZoneTag,
    DisableUpgradeMigration: c.DisableUpgradeMigration,
    UpgradeVersionTag: c.UpgradeVersionTag,
    CreateIndex: c.CreateIndex,
    ModifyIndex: c.ModifyIndex,
  };
}

/** The same object parsed, as a client would see it: uint64s as numbers. */
export function autopilotOutput(c: StoredAutopilotConfig): AutopilotConfigOutput {
  return { ...(autopilotJson(c) as unknown as AutopilotConfigOutput), MaxTrailingLogs: Number(c.MaxTrailingLogs), MinQuorum: Number(c.MinQuorum) };
}
