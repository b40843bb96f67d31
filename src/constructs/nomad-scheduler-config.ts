import type { Construct } from 'constructs';
import { type PropNames, rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

/** Which schedulers may preempt lower-priority allocations (the provider's `preemption_config`). */
export interface NomadPreemptionConfig {
  readonly systemSchedulerEnabled?: boolean;
  readonly sysbatchSchedulerEnabled?: boolean;
  readonly batchSchedulerEnabled?: boolean;
  readonly serviceSchedulerEnabled?: boolean;
}

/** Nomad's scheduler settings (nomad-operator-api.md §3.6), named as the Terraform Nomad provider names them. */
export interface NomadSchedulerConfigProps {
  readonly schedulerAlgorithm?: 'binpack' | 'spread';
  readonly memoryOversubscriptionEnabled?: boolean;
  readonly preemptionConfig?: NomadPreemptionConfig;
  /** Refuse job registrations, dispatches and scaling from non-management tokens (not in the provider). */
  readonly rejectJobRegistration?: boolean;
  /** Pause the leader's eval broker (not in the provider). */
  readonly pauseEvalBroker?: boolean;
}

const PROPS: PropNames<NomadSchedulerConfigProps> = {
  schedulerAlgorithm: true,
  memoryOversubscriptionEnabled: true,
  preemptionConfig: true,
  rejectJobRegistration: true,
  pauseEvalBroker: true,
};

const PREEMPTION_PROPS: PropNames<NomadPreemptionConfig> = {
  systemSchedulerEnabled: true,
  sysbatchSchedulerEnabled: true,
  batchSchedulerEnabled: true,
  serviceSchedulerEnabled: true,
};

/**
 * The scheduler configuration of a Nomad region. Synthesises `nomad_scheduler_config` with the
 * Terraform Nomad provider's attribute names. Unlike that provider, opstack manages only the
 * fields you set; it always sends the complete object (Nomad zero-fills what it is not sent),
 * with `?cas=` so a concurrent change is never overwritten.
 */
export class NomadSchedulerConfig extends OpstackResource {
  static readonly tfResourceType = 'nomad_scheduler_config';

  constructor(scope: Construct, id: string, props: NomadSchedulerConfigProps = {}) {
    super(scope, id, NomadSchedulerConfig.tfResourceType, () => ({
      scheduler_algorithm: props.schedulerAlgorithm,
      memory_oversubscription_enabled: props.memoryOversubscriptionEnabled,
      preemption_config: props.preemptionConfig && preemptionAttributes(props.preemptionConfig),
      reject_job_registration: props.rejectJobRegistration,
      pause_eval_broker: props.pauseEvalBroker,
    }));
    rejectUnknownProps(this, props, PROPS);
    rejectUnknownProps(this, props.preemptionConfig, PREEMPTION_PROPS, 'preemptionConfig.');
  }
}

function preemptionAttributes(config: NomadPreemptionConfig): Record<string, boolean> {
  const attributes = {
    system_scheduler_enabled: config.systemSchedulerEnabled,
    sysbatch_scheduler_enabled: config.sysbatchSchedulerEnabled,
    batch_scheduler_enabled: config.batchSchedulerEnabled,
    service_scheduler_enabled: config.serviceSchedulerEnabled,
  };
  const declared = Object.entries(attributes).filter(([, value]) => value !== undefined);
  return Object.fromEntries(declared) as Record<string, boolean>;
}
