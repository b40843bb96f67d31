export type FieldKind = 'bool' | 'duration' | 'uint' | 'string';

export interface AutopilotAttribute {
  /** Terraform attribute name, as stacks synthesise it. */
  readonly attribute: string;
  /** API field name. */
  readonly field: string;
  readonly kind: FieldKind;
  /** The Go type the server decodes a whole number into, for range checks and messages. */
  readonly goType?: 'uint64' | 'uint';
}

/**
 * raft-autopilot's own settings, which Consul and Nomad both have, in their field order
 * (consul-operator-api.md §4.5, nomad-operator-api.md §3.4). With each product's additions below,
 * the only list of autopilot fields on the client's side: src/model/autopilot.ts derives the API
 * shapes from these tables.
 */
const CORE_AUTOPILOT_ATTRIBUTES = [
  { attribute: 'cleanup_dead_servers', field: 'CleanupDeadServers', kind: 'bool' },
  { attribute: 'last_contact_threshold', field: 'LastContactThreshold', kind: 'duration' },
  { attribute: 'max_trailing_logs', field: 'MaxTrailingLogs', kind: 'uint', goType: 'uint64' },
  { attribute: 'min_quorum', field: 'MinQuorum', kind: 'uint', goType: 'uint' },
  { attribute: 'server_stabilization_time', field: 'ServerStabilizationTime', kind: 'duration' },
] as const satisfies readonly AutopilotAttribute[];

/** The attributes of `consul_autopilot_config`, in Consul's field order (consul-operator-api.md §4.5). */
export const CONSUL_AUTOPILOT_ATTRIBUTES = [
  ...CORE_AUTOPILOT_ATTRIBUTES,
  { attribute: 'redundancy_zone_tag', field: 'RedundancyZoneTag', kind: 'string' },
  { attribute: 'disable_upgrade_migration', field: 'DisableUpgradeMigration', kind: 'bool' },
  { attribute: 'upgrade_version_tag', field: 'UpgradeVersionTag', kind: 'string' },
] as const satisfies readonly AutopilotAttribute[];

/** The attributes of `opstack_nomad_autopilot_config` (nomad-operator-api.md §3.4). */
export const NOMAD_AUTOPILOT_ATTRIBUTES = [
  ...CORE_AUTOPILOT_ATTRIBUTES,
  { attribute: 'enable_redundancy_zones', field: 'EnableRedundancyZones', kind: 'bool' },
  { attribute: 'disable_upgrade_migration', field: 'DisableUpgradeMigration', kind: 'bool' },
  { attribute: 'enable_custom_upgrades', field: 'EnableCustomUpgrades', kind: 'bool' },
] as const satisfies readonly AutopilotAttribute[];

export type AutopilotType = 'consul_autopilot_config' | 'opstack_nomad_autopilot_config';

export function autopilotAttributes(type: AutopilotType): readonly AutopilotAttribute[] {
  return type === 'consul_autopilot_config' ? CONSUL_AUTOPILOT_ATTRIBUTES : NOMAD_AUTOPILOT_ATTRIBUTES;
}

/**
 * Fields whose risk notes need autopilot health (voters, failed servers, lag, all numbers or booleans): when a
 * stack changes one of them, reading its autopilot configuration also reads the health.
 */
export const HEALTH_DEPENDENT_FIELDS: readonly string[] = ['MinQuorum', 'CleanupDeadServers', 'MaxTrailingLogs'];
