import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/model/report.js';
import { planStacks } from '../../src/plan/plan.js';
import { renderReportJson } from '../../src/render/json.js';
import { renderReportMarkdown } from '../../src/render/markdown.js';
import { NO_COLOR } from '../../src/render/palette.js';
import { renderFailuresText, renderReportText } from '../../src/render/text.js';
import { desiredStack, liveAutopilot } from '../support/builders.js';
import { withoutVersion } from '../support/golden.js';

const input = (name: string, declared: Parameters<typeof desiredStack>[0]) => ({
  stack: desiredStack(declared, name),
  live: new Map([[`${name}/consul_autopilot_config.autopilot`, liveAutopilot()]]),
});

const changed: PlanReport = {
  mode: 'plan',
  plan: planStacks([
    input('dc1', { LastContactThreshold: '1s', MinQuorum: 3, MaxTrailingLogs: 250, ServerStabilizationTime: '10s' }),
    input('dc2', { LastContactThreshold: '0.2s' }),
  ]).plan,
  failures: [],
  diagnostics: [],
};
// A plan with risks: MinQuorum above the 3 voters and a LastContactThreshold that flaps.
const servers = ['s1', 's2', 's3'].map((Name, i) => ({
  ID: `id-${i}`,
  Name,
  SerfStatus: 'alive',
  Healthy: true,
  Voter: true,
  Leader: i === 0,
  LastIndex: 100,
}));
const risky: PlanReport = {
  mode: 'plan',
  plan: planStacks([
    {
      stack: desiredStack({ MinQuorum: 5, LastContactThreshold: '50ms' }, 'dc1'),
      live: new Map([['dc1/consul_autopilot_config.autopilot', { ...liveAutopilot(), servers }]]),
    },
  ]).plan,
  failures: [],
  diagnostics: [],
};
const unchanged: PlanReport = { ...changed, plan: planStacks([input('dc1', { MinQuorum: 0 })]).plan };
const failed: PlanReport = {
  ...changed,
  failures: [
    {
      stack: 'dc3',
      code: 'NoLeader',
      message:
        'Consul at http://127.0.0.1:8500 (datacenter "dc3") has no cluster ' +
        'leader (GET /v1/operator/autopilot/configuration answered 500).',
      hint: 'Check the servers.',
    },
  ],
};

describe('renderers, colour off (exact golden files)', () => {
  it.each([
    ['plan-changes', changed],
    ['plan-no-changes', unchanged],
    ['plan-with-failure', failed],
    ['plan-with-risk-notes', risky],
    ['drift-changes', { ...changed, mode: 'drift' } as PlanReport],
    ['drift-none', { ...unchanged, mode: 'drift' } as PlanReport],
  ])('%s', async (name, report) => {
    await expect(renderReportText(report, NO_COLOR)).toMatchFileSnapshot(`expected/${name}.txt`);
    await expect(withoutVersion(renderReportJson(report))).toMatchFileSnapshot(`expected/${name}.json`);
    await expect(renderReportMarkdown(report)).toMatchFileSnapshot(`expected/${name}.md`);
  });

  it('plan-with-failure: the stacks that failed, as stderr shows them (stdout has only the plan)', async () => {
    await expect(renderFailuresText(failed.failures, NO_COLOR)).toMatchFileSnapshot(
      'expected/plan-with-failure.stderr.txt',
    );
  });

  it('the text view has no escape codes when colour is off', () => {
    expect(renderReportText(changed, NO_COLOR)).not.toMatch(/\u001b\[/);
  });
});
