import type { PlanReport } from '../model/report.js';
import { describeRiskCounts, riskNotes } from './notes.js';
import { NO_COLOR } from './palette.js';
import { renderStackChanges } from './stack-text.js';
import { describeTarget } from './values.js';

/** GitHub refuses comments over 65,536 characters; stay under with room for a note. */
const MAX_COMMENT = 60_000;

/**
 * A pull-request comment: the summary table first (what reviewers scan), then a collapsible
 * section per stack with the same text as the terminal view.
 */
export function renderReportMarkdown(report: PlanReport): string {
  const { plan, failures, mode } = report;
  const { add, change, destroy } = plan.summary;
  const title = mode === 'drift' ? 'opstack drift' : 'opstack plan';
  const risks = describeRiskCounts(plan.summary);
  const counts = `${add} to add, ${change} to change, ${destroy} to destroy${risks ? `, ${risks}` : ''}`;
  const lines = [
    `### ${title}: ${counts}${failures.length ? `, ${failures.length} failed` : ''}`,
    '',
    ...riskTable(plan),
    '| Stack | Cluster | Add | Change | Destroy |',
    '|---|---|--:|--:|--:|',
  ];
  for (const stack of plan.stacks) {
    const counts = stack.summary;
    lines.push(
      `| ${stack.name} | ${describeTarget(stack.target)} | ${counts.add} | ${counts.change} | ${counts.destroy} |`,
    );
  }
  for (const failure of failures) lines.push(`| ${failure.stack} | ❌ ${failure.code} | – | – | – |`);
  lines.push('');
  for (const stack of plan.stacks) {
    const body = renderStackChanges(stack, mode, NO_COLOR);
    const summary =
      body.length > 0 ? `${stack.changes.filter((c) => c.action !== 'no-op').length} to change` : 'no changes';
    lines.push(
      `<details><summary><b>${stack.name}</b>: ${summary}</summary>`,
      '',
      '```diff',
      ...(body.length > 0 ? body.slice(1).map(forDiffHighlighting) : ['No changes.']),
      '```',
      '',
      '</details>',
      '',
    );
  }
  for (const failure of failures) {
    lines.push(
      `<details open><summary><b>${failure.stack}</b>: error ${failure.code}</summary>`,
      '',
      '```',
      failure.message,
      ...(failure.hint ? [failure.hint] : []),
      '```',
      '',
      '</details>',
      '',
    );
  }
  const text = lines.join('\n');
  return text.length <= MAX_COMMENT
    ? text
    : `${text.slice(0, MAX_COMMENT)}\n\n_Output truncated: run \`opstack plan\` for the rest._\n`;
}

/** The warnings and dangers, the first thing a reviewer sees; nothing when there are none. */
function riskTable(plan: PlanReport['plan']): string[] {
  const rows = riskNotes(plan).map(({ address, note }) => {
    const mark = note.severity === 'danger' ? '🛑 danger' : '⚠️ warning';
    return `| ${mark} | \`${note.code}\` | ${cell(address)} | ${cell(note.message)} |`;
  });
  if (rows.length === 0) return [];
  const title = '**Risk notes** (docs/risk-notes.md):';
  return [title, '', '| Severity | Code | Resource | Note |', '|---|---|---|---|', ...rows, ''];
}

/** Text in a table cell: a `|` would end the cell, a newline the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** GitHub colours `diff` blocks by the first character; `!` marks a changed line as `~` means in Terraform. */
function forDiffHighlighting(line: string): string {
  return line.replace(/^(\s*)~ /, '$1! ');
}
