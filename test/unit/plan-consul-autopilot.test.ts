import { describe, expect, it } from 'vitest';
import { planAutopilot } from '../../src/plan/autopilot.js';
import { planStacks } from '../../src/plan/plan.js';
import { desiredAutopilot, desiredStack, liveAutopilot } from '../support/builders.js';

describe('planning consul_autopilot_config', () => {
  it.each([
    ['1m', '1m0s'],
    ['60s', '1m0s'],
    ['1m0s', '1m'],
    ['200ms', '0.2s'],
    ['10s', '10000ms'],
  ])('duration %s declared equals %s live: no change', (declared, live) => {
    const plan = planAutopilot(
      desiredAutopilot({ LastContactThreshold: declared }),
      liveAutopilot({ LastContactThreshold: live }),
    );
    expect(plan.changes[0]?.action).toBe('no-op');
    expect(plan.steps).toEqual([]);
  });

  it('only declared fields are managed: an undeclared field that differs from the default is left alone', () => {
    const plan = planAutopilot(
      desiredAutopilot({ MaxTrailingLogs: 250 }),
      liveAutopilot({ MinQuorum: 5, CleanupDeadServers: false }),
    );
    expect(plan.changes[0]?.action).toBe('no-op');
    expect(plan.changes[0]?.before).toEqual({ max_trailing_logs: 250 });
  });

  it('§4.5 the update sends the complete live object with declared fields overlaid, with ?cas=<ModifyIndex>', () => {
    const live = liveAutopilot({ MinQuorum: 5, RedundancyZoneTag: 'zone', ModifyIndex: 42 });
    const plan = planAutopilot(desiredAutopilot({ LastContactThreshold: '1m', MaxTrailingLogs: 500 }), live);
    expect(plan.changes[0]?.action).toBe('update');
    expect(plan.changes[0]?.changes).toEqual([
      { attribute: 'last_contact_threshold', before: '200ms', after: '1m' },
      { attribute: 'max_trailing_logs', before: 250, after: 500 },
    ]);
    expect(plan.steps).toEqual([
      {
        kind: 'http',
        address: 'dc1/consul_autopilot_config.autopilot',
        description: 'update the autopilot configuration of datacenter dc1',
        method: 'PUT',
        path: '/v1/operator/autopilot/configuration',
        query: { dc: 'dc1', cas: '42' },
        body: {
          CleanupDeadServers: true,
          LastContactThreshold: '1m0s',
          MaxTrailingLogs: 500,
          MinQuorum: 5,
          ServerStabilizationTime: '10s',
          RedundancyZoneTag: 'zone',
          DisableUpgradeMigration: false,
          UpgradeVersionTag: '',
        },
        precondition: { kind: 'cas', modifyIndex: 42 },
        expect: 'cas-true',
      },
    ]);
  });

  it('numbers compare as numbers and booleans as booleans', () => {
    const same = planAutopilot(desiredAutopilot({ MinQuorum: 0, CleanupDeadServers: true }), liveAutopilot());
    expect(same.changes[0]?.action).toBe('no-op');
    const differ = planAutopilot(desiredAutopilot({ CleanupDeadServers: false }), liveAutopilot());
    expect(differ.changes[0]?.changes).toEqual([{ attribute: 'cleanup_dead_servers', before: true, after: false }]);
  });

  it('counts unchanged declared attributes for the "hidden" line', () => {
    const plan = planAutopilot(
      desiredAutopilot({ MinQuorum: 3, MaxTrailingLogs: 250, CleanupDeadServers: true }),
      liveAutopilot(),
    );
    expect(plan.changes[0]?.unchangedCount).toBe(2);
  });

  it('is deterministic: stacks by name, steps numbered per stack, observations recorded', () => {
    const input = (name: string) => ({
      stack: desiredStack({ MinQuorum: 3 }, name),
      live: new Map([[`${name}/consul_autopilot_config.autopilot`, liveAutopilot()]]),
    });
    const { plan, refused } = planStacks([input('dc2'), input('dc1')]);
    expect(refused).toEqual([]);
    expect(plan.stacks.map((s) => s.name)).toEqual(['dc1', 'dc2']);
    expect(plan.stacks.map((s) => s.steps.map((step) => step.index))).toEqual([[1], [1]]);
    expect(plan.stacks[0]?.observed).toEqual([
      { address: 'dc1/consul_autopilot_config.autopilot', datacenter: 'dc1', version: 'modify-index:17' },
    ]);
    expect(plan.summary).toEqual({ add: 0, change: 2, destroy: 0, notes: { info: 0, warning: 0, danger: 0 } });
    expect(planStacks([input('dc2'), input('dc1')]).plan).toEqual(plan);
  });
});
