import type { Construct } from 'constructs';
import { type PropNames, rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

/** Nomad's autopilot settings (nomad-operator-api.md §3.4). Durations are Go durations ("200ms", "1m"). */
export interface NomadAutopilotConfigProps {
  readonly cleanupDeadServers?: boolean;
  readonly lastContactThreshold?: string;
  readonly maxTrailingLogs?: number;
  readonly minQuorum?: number;
  readonly serverStabilizationTime?: string;
  /** Enterprise; stored and echoed by CE. */
  readonly enableRedundancyZones?: boolean;
  readonly disableUpgradeMigration?: boolean;
  /** Enterprise; stored and echoed by CE. */
  readonly enableCustomUpgrades?: boolean;
}

const PROPS: PropNames<NomadAutopilotConfigProps> = {
  cleanupDeadServers: true,
  lastContactThreshold: true,
  maxTrailingLogs: true,
  minQuorum: true,
  serverStabilizationTime: true,
  enableRedundancyZones: true,
  disableUpgradeMigration: true,
  enableCustomUpgrades: true,
};

/**
 * The autopilot configuration of a Nomad region. Only the fields you set are managed; because
 * Nomad zero-fills omitted fields, opstack always sends the complete object with `?cas=`.
 * Synthesises `opstack_nomad_autopilot_config` (the Terraform Nomad provider has no such resource).
 */
export class NomadAutopilotConfig extends OpstackResource {
  static readonly tfResourceType = 'opstack_nomad_autopilot_config';

  constructor(scope: Construct, id: string, props: NomadAutopilotConfigProps = {}) {
    super(scope, id, NomadAutopilotConfig.tfResourceType, () => ({
      cleanup_dead_servers: props.cleanupDeadServers,
      last_contact_threshold: props.lastContactThreshold,
      max_trailing_logs: props.maxTrailingLogs,
      min_quorum: props.minQuorum,
      server_stabilization_time: props.serverStabilizationTime,
      enable_redundancy_zones: props.enableRedundancyZones,
      disable_upgrade_migration: props.disableUpgradeMigration,
      enable_custom_upgrades: props.enableCustomUpgrades,
    }));
    rejectUnknownProps(this, props, PROPS);
  }
}
