import type { Diagnostic } from '../model/diagnostic.js';
import type { PlanReport } from '../model/report.js';
import { describeRiskCounts } from './notes.js';
import type { Palette } from './palette.js';
import { renderStackChanges } from './stack-text.js';
import { describeTarget } from './values.js';

/** How the text is read: `nextSteps` false (in automation) leaves out which command to run next. */
export interface TextView {
  readonly nextSteps: boolean;
}

/** The human view of a plan or drift report, as Terraform users read it. */
export function renderReportText(report: PlanReport, palette: Palette, view: TextView = { nextSteps: true }): string {
  const { plan, mode } = report;
  const lines: string[] = [];
  if (plan.hasChanges && mode === 'plan') lines.push('opstack will perform the following actions:', '');
  if (plan.hasChanges && mode === 'drift')
    lines.push(
      'Drift detected: these clusters no longer match their stacks (shown as cluster value -> stack value).',
      '',
    );
  for (const stack of plan.stacks) {
    lines.push(palette.bold(`Stack ${stack.name}: ${describeTarget(stack.target)}`));
    const body = renderStackChanges(stack, mode, palette);
    lines.push(...(body.length > 0 ? body : ['  No changes.']), '');
  }
  lines.push(closingLine(report, palette, view));
  return lines.join('\n') + '\n';
}

/**
 * The stacks that could not be read or planned, each with its error and what to do: for stderr,
 * so stdout holds only the plan (a file or a CI log of it stays a plan).
 */
export function renderFailuresText(failures: PlanReport['failures'], palette: Palette): string {
  return failures
    .map((failure) => {
      const hint = failure.hint ? [`  ${failure.hint}`] : [];
      const error = palette.error(`  Error: ${failure.message}`);
      return [palette.bold(`Stack ${failure.stack}:`), error, ...hint, ''].join('\n') + '\n';
    })
    .join('');
}

function closingLine({ plan, mode, failures }: PlanReport, palette: Palette, { nextSteps }: TextView): string {
  // A stack can fail for more than one reason (two refusals): count stacks, not errors.
  const failedStacks = new Set(failures.map((f) => f.stack)).size;
  const stacks = `${failedStacks} stack${failedStacks === 1 ? '' : 's'}`;
  const failed = failedStacks > 0 ? ` ${stacks} could not be read or planned; see the errors on stderr.` : '';
  const { add, change, destroy } = plan.summary;
  if (mode === 'drift') {
    const drifted = add + change + destroy;
    if (drifted === 0)
      return (
        (failures.length > 0
          ? 'No drift in the stacks that could be read.'
          : 'No drift. Every cluster matches its stack.') + failed
      );
    const noun = drifted === 1 ? 'resource differs from its stack' : 'resources differ from their stacks';
    return (
      palette.bold(`Drift: ${drifted} ${noun}.`) +
      (nextSteps ? ' Review with `opstack plan`; correct with `opstack apply`.' : '') +
      failed
    );
  }
  if (!plan.hasChanges)
    return (
      (failures.length > 0
        ? 'No changes in the stacks that could be read.'
        : 'No changes. The clusters match the stacks.') + failed
    );
  const risks = describeRiskCounts(plan.summary);
  const noted = risks ? ` Risk notes: ${risks}.` : '';
  return palette.bold(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.${noted}`) + failed;
}

/** Diagnostics as Terraform prints them: `Error: summary`, then where, then what to do. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], palette: Palette): string {
  return diagnostics
    .map((d) => {
      const head = d.severity === 'error' ? palette.error('Error: ') : palette.update('Warning: ');
      const where = d.constructPath ?? d.stack;
      return [head + d.summary, ...(where ? [`  on ${where}`] : []), ...(d.detail ? [`  ${d.detail}`] : []), ''].join(
        '\n',
      );
    })
    .join('\n');
}
