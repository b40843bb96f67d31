import type { ResourceChange, StackPlan } from '../model/plan.js';
import type { Palette } from './palette.js';
import { actionPhrase, actionSymbol, describeStepCall, formatValue } from './values.js';

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
  const width = Math.max(0, ...change.changes.map((c) => c.attribute.length));
  const lines = [
    palette.bold(`  # ${change.type}.${change.name} ${actionPhrase(change.action, mode)}`) + palette.dim(`  (${change.constructPath})`),
    `  ${colour(symbol)} resource "${change.type}" "${change.name}" {`,
  ];
  for (const { attribute, before, after } of change.changes) {
    lines.push(`      ${colour(symbol)} ${attribute.padEnd(width)} = ${formatValue(before)} ${palette.dim('->')} ${formatValue(after)}`);
  }
  for (const note of change.notes) lines.push(palette.dim(`        # ${note}`));
  if (change.unchangedCount > 0) {
    const noun = change.unchangedCount === 1 ? 'attribute' : 'attributes';
    lines.push(palette.dim(`        # (${change.unchangedCount} unchanged ${noun} hidden)`));
  }
  lines.push('    }');
  return lines;
}
