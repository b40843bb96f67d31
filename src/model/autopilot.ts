/**
 * Consul's autopilot configuration as its HTTP API spells it (consul-operator-api.md §4.5),
 * durations as Go duration strings.
 */
export type ConsulAutopilotSettings = {
  CleanupDeadServers: boolean;
  LastContactThreshold: string;
  MaxTrailingLogs: number;
  MinQuorum: number;
  ServerStabilizationTime: string;
  RedundancyZoneTag: string;
  DisableUpgradeMigration: boolean;
  UpgradeVersionTag: string;
};

/**
 * Nomad's autopilot configuration as its HTTP API spells it (nomad-operator-api.md §3.4):
 * durations as Go duration strings both ways; the Enterprise booleans are stored and echoed by CE.
 */
export type NomadAutopilotSettings = {
  CleanupDeadServers: boolean;
  LastContactThreshold: string;
  MaxTrailingLogs: number;
  MinQuorum: number;
  ServerStabilizationTime: string;
  EnableRedundancyZones: boolean;
  DisableUpgradeMigration: boolean;
  EnableCustomUpgrades: boolean;
};

/** Raft indexes that come with a configuration; `?cas=<ModifyIndex>` makes a write fail if anyone wrote since. */
export type RaftIndexes = { CreateIndex: number; ModifyIndex: number };

export type ConsulAutopilotLive = ConsulAutopilotSettings & RaftIndexes;
export type NomadAutopilotLive = NomadAutopilotSettings & RaftIndexes;
