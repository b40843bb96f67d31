import type { Action, AttributeChange, ResourceChange, StackPlan } from '../model/plan.js';
import { renderNote } from './notes.js';
import type { Palette } from './palette.js';
import { describeStepCall } from '../util/step-call.js';
import { actionPhrase, actionSymbol, formatValue } from './values.js';

/** The lines for one stack's changes and steps, Terraform-style. Empty when nothing changes. */
export function renderStackChanges(stack: StackPlan, mode: 'plan' | 'drift', palette: Palette): string[] {
  const lines: string[] = [];
  for (const change of stack.changes) {
    if (change.action !== 'no-op') lines.push('', ...renderChange(change, mode, palette));
    // A declaration that needs nothing says why (a raft peer that is not one), so a typo is visible.
    else if (change.before === null && change.notes.length > 0)
      lines.push('', ...change.notes.map((note) => palette.dim(`  # ${change.address}: ${note.message}`)));
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
  const colour = actionColour(change.action, palette);
  const symbol = actionSymbol(change.action);
  const shown = attributeLines(change);
  const width = Math.max(0, ...shown.map((c) => c.attribute.length));
  // An implied deletion is named by what it removes, `type[which]`; a declared resource `type.name`.
  const name = change.impliedBy === null ? `${change.type}.${change.name}` : `${change.type}${change.name}`;
  const lines = [
    palette.bold(`  # ${name} ${actionPhrase(change.action, mode)}`) + palette.dim(`  (${change.constructPath})`),
    `  ${colour(symbol)} resource "${change.type}" "${change.name}" {`,
  ];
  for (const attribute of shown) {
    const value = attributeValue(change.action, attribute, palette);
    lines.push(`      ${colour(symbol)} ${attribute.attribute.padEnd(width)} = ${value}`);
  }
  for (const note of change.notes) lines.push(renderNote(note, palette));
  if (change.unchangedCount > 0) {
    const noun = change.unchangedCount === 1 ? 'attribute' : 'attributes';
    lines.push(palette.dim(`        # (${change.unchangedCount} unchanged ${noun} hidden)`));
  }
  lines.push('    }');
  return lines;
}

function actionColour(action: Action, palette: Palette): (text: string) => string {
  switch (action) {
    case 'create':
      return palette.create;
    case 'delete':
      return palette.remove;
    case 'update':
    case 'no-op':
      return palette.update;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** An attribute's value as the action changes it: what it becomes, what goes away, or from → to. */
function attributeValue(action: Action, { before, after }: AttributeChange, palette: Palette): string {
  switch (action) {
    case 'create':
      return formatValue(after);
    case 'delete':
      return `${formatValue(before)} ${palette.dim('-> null')}`;
    case 'update':
    case 'no-op':
      return `${formatValue(before)} ${palette.dim('->')} ${formatValue(after)}`;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** The attribute lines to show: what changes, or for a delete everything that goes away. */
function attributeLines(change: ResourceChange): ResourceChange['changes'] {
  if (change.action !== 'delete') return change.changes;
  return Object.entries(change.before ?? {}).map(([attribute, before]) => ({ attribute, before, after: null }));
}
