import { AutopilotConfig, type AutopilotConfigConfig } from '@cdktf/provider-consul/lib/autopilot-config/index.js';
import type { Construct } from 'constructs';
import { META_ARGUMENTS, type PropNames, rejectUnknownProps } from './known-props.js';

/** Props of {@link ConsulAutopilotConfig}: the provider's props plus the fields it lacks. */
export interface ConsulAutopilotConfigProps extends AutopilotConfigConfig {
  /**
   * Minimum number of servers autopilot keeps before it stops removing dead servers (Consul ≥ 1.6.2).
   * The Terraform provider does not model this field, and because Consul's PUT fills omitted
   * fields with defaults (consul-operator-api.md §4.5) every Terraform apply resets it to 0.
   * opstack manages it like any other declared field.
   */
  readonly minQuorum?: number;
}

const PROPS: PropNames<ConsulAutopilotConfigProps> = {
  ...META_ARGUMENTS,
  cleanupDeadServers: true,
  datacenter: true,
  disableUpgradeMigration: true,
  id: true,
  lastContactThreshold: true,
  maxTrailingLogs: true,
  minQuorum: true,
  redundancyZoneTag: true,
  serverStabilizationTime: true,
  upgradeVersionTag: true,
};

/**
 * `consul_autopilot_config` with `min_quorum` as a typed prop.
 *
 * A drop-in replacement for `AutopilotConfig` from `@cdktf/provider-consul`: it synthesises the
 * same resource type, and adds `min_quorum` to the synthesised JSON so user code never needs an
 * untyped `addOverride`, and rejects a property it does not know (a typo) where the provider's
 * class drops it. Only the fields you set are managed; the rest stay as the cluster has them.
 */
export class ConsulAutopilotConfig extends AutopilotConfig {
  constructor(scope: Construct, id: string, props: ConsulAutopilotConfigProps = {}) {
    const { minQuorum, ...providerProps } = props;
    super(scope, id, providerProps);
    if (minQuorum !== undefined) this.addOverride('min_quorum', minQuorum);
    // The provider's class keeps only the properties it knows and drops the rest without a word.
    rejectUnknownProps(this, props, PROPS);
  }
}
