/**
 * Consul's autopilot configuration as its HTTP API spells it (consul-operator-api.md §4.5),
 * durations as Go duration strings.
 */
export interface ConsulAutopilotSettings {
  CleanupDeadServers: boolean;
  LastContactThreshold: string;
  MaxTrailingLogs: number;
  MinQuorum: number;
  ServerStabilizationTime: string;
  RedundancyZoneTag: string;
  DisableUpgradeMigration: boolean;
  UpgradeVersionTag: string;
}

export type ConsulAutopilotField = keyof ConsulAutopilotSettings;

/** The configuration as GET returns it: the settings plus the raft indexes that guard writes. */
export interface ConsulAutopilotLive extends ConsulAutopilotSettings {
  CreateIndex: number;
  /** Raft index of the last write; `?cas=` with it makes a write fail if anyone wrote since. */
  ModifyIndex: number;
}
