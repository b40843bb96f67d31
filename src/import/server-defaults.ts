import type { ConsulAutopilotSettings, NomadAutopilotSettings } from '../model/autopilot.js';
import type { AutopilotType } from '../schema/autopilot.js';

/**
 * What a Consul server uses for each autopilot field when its agent configuration says nothing
 * (consul-operator-api.md §4.5, U:agent/config/default.go:72-77).
 */
export const CONSUL_AUTOPILOT_DEFAULTS: Readonly<ConsulAutopilotSettings> = {
  CleanupDeadServers: true,
  LastContactThreshold: '200ms',
  MaxTrailingLogs: 250,
  MinQuorum: 0,
  ServerStabilizationTime: '10s',
  RedundancyZoneTag: '',
  DisableUpgradeMigration: false,
  UpgradeVersionTag: '',
};

/** What Nomad's first leader writes (nomad-operator-api.md §3.4). */
export const NOMAD_AUTOPILOT_DEFAULTS: Readonly<NomadAutopilotSettings> = {
  CleanupDeadServers: true,
  LastContactThreshold: '200ms',
  MaxTrailingLogs: 250,
  MinQuorum: 0,
  ServerStabilizationTime: '10s',
  EnableRedundancyZones: false,
  DisableUpgradeMigration: false,
  EnableCustomUpgrades: false,
};

/** The defaults of each kind, field by field: imported stacks name them beside each value. */
export const AUTOPILOT_SERVER_DEFAULTS: Readonly<
  Record<AutopilotType, Readonly<Record<string, boolean | number | string>>>
> = {
  consul_autopilot_config: CONSUL_AUTOPILOT_DEFAULTS,
  opstack_nomad_autopilot_config: NOMAD_AUTOPILOT_DEFAULTS,
};
