import type { ResourceChange, StackPlan } from '../model/plan.js';
import type { Palette } from './palette.js';
import { describeStepCall } from '../util/step-call.js';
import { actionPhrase, actionSymbol, formatValue } from './values.js';

/** The lines for one stack's changes and steps, Terraform-style. Empty when nothing changes. */
export function renderStackChanges(stack: StackPlan, mode: 'plan' | 'drift', palette: Palette): string[] {
  const lines: string[] = [];
  for (const change of stack.changes) {
    if (change.action === 'no-op') continue;
    lines.push('', ...renderChange(change, mode, palette));
  }
  if (mode === 'plan' && stack.steps.length > 0) {
    lines.push('', '  Steps, in order:');
    for (const step of stack.steps) {
      lines.push(`    ${step.index}. ${describeStepCall(step)}  (${step.description})`);
    }
  }
  return lines;
}

function renderChange(change: ResourceChange, mode: 'plan' | 'drift', palette: Palette): string[] {
  const colour = change.action === 'create' ? palette.create : change.action === 'delete' ? palette.remove : palette.update;
  const symbol = actionSymbol(change.action);
  const shown = attributeLines(change);
  const width = Math.max(0, ...shown.map((c) => c.attribute.length));
  const lines = [
    palette.bold(`  # ${change.type}${change.name.startsWith('[') ? '' : '.'}${change.name} ${actionPhrase(change.action, mode)}`) + palette.dim(`  (${change.constructPath})`),
    `  ${colour(symbol)} resource "${change.type}" "${change.name}" {`,
  ];
  for (const { attribute, before, after } of shown) {
    const value = change.action === 'create' ? formatValue(after) : change.action === 'delete' ? `${formatValue(before)} ${palette.dim('-> null')}` : `${formatValue(before)} ${palette.dim('->')} ${formatValue(after)}`;
    lines.push(`      ${colour(symbol)} ${attribute.padEnd(width)} = ${value}`);
  }
  for (const note of change.notes) lines.push(palette.dim(`        # ${note}`));
  if (change.unchangedCount > 0) {
    const noun = change.unchangedCount === 1 ? 'attribute' : 'attributes';
    lines.push(palette.dim(`        # (${change.unchangedCount} unchanged ${noun} hidden)`));
  }
  lines.push('    }');
  return lines;
}

/** The attribute lines to show: what changes, or for a delete everything that goes away. */
function attributeLines(change: ResourceChange): ResourceChange['changes'] {
  if (change.action !== 'delete') return change.changes;
  return Object.entries(change.before ?? {}).map(([attribute, before]) => ({ attribute, before, after: null }));
}
