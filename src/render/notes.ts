import type { Note } from '../model/notes.js';
import type { Plan, PlanSummary } from '../model/plan.js';
import type { Palette } from './palette.js';

/** `1 danger, 2 warnings`: the risk notes of a plan (info notes are facts, not counted here); '' when none. */
export function describeRiskCounts({ notes }: PlanSummary): string {
  const parts = [
    ...(notes.danger > 0 ? [`${notes.danger} danger`] : []),
    ...(notes.warning > 0 ? [`${notes.warning} warning${notes.warning === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(', ');
}

/** A note under its change: facts dimmed as comments, risks marked with `!`, their severity and code. */
export function renderNote(note: Note, palette: Palette): string {
  switch (note.severity) {
    case 'info':
      return palette.dim(`        # ${note.message}`);
    case 'warning':
      return palette.update(`        ! warning ${note.code}: ${note.message}`);
    case 'danger':
      return palette.error(`        ! DANGER ${note.code}: ${note.message}`);
    default: {
      const unreachable: never = note.severity;
      return unreachable;
    }
  }
}

/** Every warning and danger of a plan with the change it belongs to, dangers first, then in plan order. */
export function riskNotes(plan: Plan): { readonly address: string; readonly note: Note }[] {
  const all = plan.stacks.flatMap((s) =>
    s.changes.flatMap((c) => c.notes.map((note) => ({ address: c.address, note }))),
  );
  return [...all.filter((r) => r.note.severity === 'danger'), ...all.filter((r) => r.note.severity === 'warning')];
}
