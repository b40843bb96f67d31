import type { ConsulAutopilotField } from '../model/autopilot.js';

export type FieldKind = 'bool' | 'duration' | 'uint' | 'string';

export interface AutopilotAttribute {
  /** Terraform attribute name, as stacks synthesise it. */
  readonly attribute: string;
  /** Consul API field name (consul-operator-api.md §4.5). */
  readonly field: ConsulAutopilotField;
  readonly kind: FieldKind;
}

/** The attributes of `consul_autopilot_config`, in Consul's field order. */
export const CONSUL_AUTOPILOT_ATTRIBUTES: readonly AutopilotAttribute[] = [
  { attribute: 'cleanup_dead_servers', field: 'CleanupDeadServers', kind: 'bool' },
  { attribute: 'last_contact_threshold', field: 'LastContactThreshold', kind: 'duration' },
  { attribute: 'max_trailing_logs', field: 'MaxTrailingLogs', kind: 'uint' },
  { attribute: 'min_quorum', field: 'MinQuorum', kind: 'uint' },
  { attribute: 'server_stabilization_time', field: 'ServerStabilizationTime', kind: 'duration' },
  { attribute: 'redundancy_zone_tag', field: 'RedundancyZoneTag', kind: 'string' },
  { attribute: 'disable_upgrade_migration', field: 'DisableUpgradeMigration', kind: 'bool' },
  { attribute: 'upgrade_version_tag', field: 'UpgradeVersionTag', kind: 'string' },
];

