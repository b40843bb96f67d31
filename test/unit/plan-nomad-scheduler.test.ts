import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/desired/load-desired.js';
import type { NomadSchedulerLive } from '../../src/model/nomad-scheduler.js';
import type { DesiredNomadScheduler, LiveNomadScheduler } from '../../src/model/resources.js';
import { planNomadScheduler } from '../../src/plan/nomad-scheduler.js';
import { planned, refusalOf } from '../support/planner-results.js';

const LIVE: NomadSchedulerLive = {
  SchedulerAlgorithm: 'binpack',
  PreemptionConfig: {
    SystemSchedulerEnabled: true,
    SysBatchSchedulerEnabled: false,
    BatchSchedulerEnabled: false,
    ServiceSchedulerEnabled: false,
  },
  MemoryOversubscriptionEnabled: false,
  RejectJobRegistration: false,
  PauseEvalBroker: false,
  NodeLimitForFeasibilityChecks: 7,
  CreateIndex: 4,
  ModifyIndex: 31,
};

const live = (overrides: Partial<NomadSchedulerLive> = {}): LiveNomadScheduler => ({
  type: 'nomad_scheduler_config',
  config: { ...LIVE, ...overrides },
});

const desired = (declared: DesiredNomadScheduler['declared']): DesiredNomadScheduler => ({
  stack: 'eu',
  type: 'nomad_scheduler_config',
  name: 'scheduler',
  constructPath: 'eu/scheduler',
  datacenter: 'eu',
  declared,
});

describe('planning nomad_scheduler_config', () => {
  it('only declared attributes are managed: undeclared ones that differ are left alone', () => {
    const plan = planned(
      planNomadScheduler(desired({ scheduler_algorithm: 'binpack' }), live({ MemoryOversubscriptionEnabled: true })),
    );
    expect(plan.changes[0]).toMatchObject({
      action: 'no-op',
      before: { scheduler_algorithm: 'binpack' },
      unchangedCount: 1,
    });
    expect(plan.steps).toEqual([]);
  });

  it(
    '§3.6 the update PUTs the complete live object (unknown ' +
      'fields too) with declared fields on top, ?cas=<ModifyIndex>',
    () => {
      const plan = planned(
        planNomadScheduler(
          desired({
            scheduler_algorithm: 'spread',
            'preemption_config.service_scheduler_enabled': true,
            'preemption_config.system_scheduler_enabled': true,
          }),
          live({ FutureField: 'kept' }),
        ),
      );
      expect(plan.changes[0]?.changes).toEqual([
        { attribute: 'preemption_config.service_scheduler_enabled', before: false, after: true },
        { attribute: 'scheduler_algorithm', before: 'binpack', after: 'spread' },
      ]);
      expect(plan.changes[0]?.unchangedCount).toBe(1);
      expect(plan.steps).toEqual([
        {
          kind: 'http',
          address: 'eu/nomad_scheduler_config.scheduler',
          description: 'update the Nomad scheduler configuration',
          method: 'PUT',
          path: '/v1/operator/scheduler/configuration',
          query: { cas: '31' },
          body: {
            SchedulerAlgorithm: 'spread',
            PreemptionConfig: {
              SystemSchedulerEnabled: true,
              SysBatchSchedulerEnabled: false,
              BatchSchedulerEnabled: false,
              ServiceSchedulerEnabled: true,
            },
            MemoryOversubscriptionEnabled: false,
            RejectJobRegistration: false,
            PauseEvalBroker: false,
            NodeLimitForFeasibilityChecks: 7,
            FutureField: 'kept',
          },
          precondition: { kind: 'cas', modifyIndex: 31 },
          expect: 'updated-true',
        },
      ]);
    },
  );

  it('§5 a declared attribute the server does not report is refused with what to do', () => {
    const { PauseEvalBroker: _absent, ...older } = LIVE;
    const error = refusalOf(
      planNomadScheduler(desired({ pause_eval_broker: true }), { type: 'nomad_scheduler_config', config: older }),
    );
    expect(error.code).toBe('UnsupportedByServer');
    expect(error.message).toBe(
      'eu/nomad_scheduler_config.scheduler: the Nomad servers do not report pause_eval_broker ' +
        '(PauseEvalBroker) in their scheduler configuration, so their version does not support it.',
    );
  });
});

describe('loading nomad_scheduler_config', () => {
  const load = (attributes: Record<string, unknown>, product = 'nomad') =>
    loadDesired(
      [
        {
          name: 'eu',
          document: {
            provider: {
              [product]: [
                {
                  address: 'http://127.0.0.1:4646',
                  ...(product === 'nomad' ? { region: 'eu' } : { datacenter: 'dc1' }),
                },
              ],
            },
            resource: {
              nomad_scheduler_config: {
                scheduler: { '//': { metadata: { path: 'eu/scheduler', uniqueId: 'scheduler' } }, ...attributes },
              },
            },
          },
        },
      ],
      () => ({ ok: false, problem: 'no keys' }) as const,
    );

  it('flattens preemption_config into dotted attributes', () => {
    const result = load({
      scheduler_algorithm: 'spread',
      preemption_config: { batch_scheduler_enabled: true },
      pause_eval_broker: false,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.stacks[0]?.resources[0]).toMatchObject({
      type: 'nomad_scheduler_config',
      datacenter: 'eu',
      declared: {
        scheduler_algorithm: 'spread',
        'preemption_config.batch_scheduler_enabled': true,
        pause_eval_broker: false,
      },
    });
  });

  it(
    'collects every problem before any request: algorithm, ' + 'types, unknown attributes (also nested), wrong product',
    () => {
      const result = load({
        scheduler_algorithm: 'random',
        memory_oversubscription_enabled: 'yes',
        preemption_config: { batch_scheduler_enabled: 1, gpu_scheduler_enabled: true },
        colour: 'blue',
      });
      expect(result.stacks).toEqual([]);
      expect(result.diagnostics.map((d) => d.summary)).toEqual([
        'Unknown attribute "colour" on nomad_scheduler_config.',
        'Unknown attribute "gpu_scheduler_enabled" on nomad_scheduler_config.preemption_config.',
        'scheduler_algorithm: expected one of "binpack", "spread", got "random".',
        'memory_oversubscription_enabled: expected true or false, got "yes".',
        'preemption_config.batch_scheduler_enabled: expected true or false, got 1.',
      ]);
      expect(load({ preemption_config: true }).diagnostics.map((d) => d.summary)).toEqual([
        'preemption_config: expected a block of system_scheduler_enabled, ' +
          'sysbatch_scheduler_enabled, batch_scheduler_enabled, service_scheduler_enabled, got true.',
      ]);
      expect(load({ scheduler_algorithm: 'spread' }, 'consul').diagnostics.map((d) => d.summary)).toEqual([
        'nomad_scheduler_config belongs in a stack whose provider is NomadProvider, but this stack targets Consul.',
      ]);
    },
  );
});
