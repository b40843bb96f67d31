/**
 * Nomad's scheduler configuration as `GET /v1/operator/scheduler/configuration` returns it inside
 * `SchedulerConfig` (nomad-operator-api.md §3.6). Fields a server version lacks are absent
 * (`NodeLimitForFeasibilityChecks` only from v2.0.1); fields opstack does not know are kept, so
 * a write can send them back unchanged.
 */
export interface NomadSchedulerLive {
  readonly SchedulerAlgorithm?: string;
  readonly PreemptionConfig?: Readonly<Record<string, unknown>>;
  readonly MemoryOversubscriptionEnabled?: boolean;
  readonly RejectJobRegistration?: boolean;
  readonly PauseEvalBroker?: boolean;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
  readonly [field: string]: unknown;
}
