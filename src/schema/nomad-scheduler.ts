/** The scheduler algorithms Nomad accepts (nomad-operator-api.md §3.6: anything else is a 400). */
export const SCHEDULER_ALGORITHMS = ['binpack', 'spread'] as const;

/** How one `nomad_scheduler_config` attribute maps onto the API object. */
export interface SchedulerAttribute {
  /** Terraform attribute name; nested ones are dotted (`preemption_config.batch_scheduler_enabled`). */
  readonly attribute: string;
  /** The field's path inside `SchedulerConfig` (nomad-operator-api.md §3.6). */
  readonly path: readonly [string] | readonly [string, string];
  readonly kind: 'bool' | 'algorithm';
}

/**
 * The attributes of `nomad_scheduler_config`: the Terraform Nomad provider's names, plus
 * `reject_job_registration` and `pause_eval_broker`, which the provider lacks.
 */
export const SCHEDULER_ATTRIBUTES: readonly SchedulerAttribute[] = [
  { attribute: 'scheduler_algorithm', path: ['SchedulerAlgorithm'], kind: 'algorithm' },
  { attribute: 'memory_oversubscription_enabled', path: ['MemoryOversubscriptionEnabled'], kind: 'bool' },
  ...(['system', 'sysbatch', 'batch', 'service'] as const).map((scheduler): SchedulerAttribute => ({
    attribute: `preemption_config.${scheduler}_scheduler_enabled`,
    path: ['PreemptionConfig', `${scheduler === 'sysbatch' ? 'SysBatch' : capitalise(scheduler)}SchedulerEnabled`],
    kind: 'bool',
  })),
  { attribute: 'reject_job_registration', path: ['RejectJobRegistration'], kind: 'bool' },
  { attribute: 'pause_eval_broker', path: ['PauseEvalBroker'], kind: 'bool' },
];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The value at an attribute's path in a (possibly partial) scheduler object; undefined when absent. */
export function schedulerValue(config: Readonly<Record<string, unknown>>, attribute: SchedulerAttribute): unknown {
  const [field, inner] = attribute.path;
  const value = config[field];
  if (inner === undefined) return value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[inner] : undefined;
}
