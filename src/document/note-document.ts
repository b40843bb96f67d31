import type { Note, NoteCode, NoteSeverity } from '../model/notes.js';
import type { PlanSummary } from '../model/plan.js';
import { fail, integer, oneOf, record, text } from './checks.js';

/** Every note code, keyed so that a code added to the model and not here does not compile. */
const CODES: Record<NoteCode, true> = {
  'keyring-coverage': true,
  'area-id': true,
  'implied-deletion': true,
  'peer-already-absent': true,
  'raft-failure-tolerance': true,
  'min-quorum-above-voters': true,
  'min-quorum-above-remaining': true,
  'cleanup-off-with-failed-server': true,
  'last-contact-threshold-low': true,
  'stabilization-time-short': true,
  'max-trailing-logs-below-lag': true,
  'rotation-with-unhealthy-nodes': true,
  'key-removal-strands-failed-node': true,
  'failed-servers-unknown': true,
  'primary-unreported': true,
  'area-deletion-cuts-members': true,
};
const NOTE_CODES = Object.keys(CODES) as NoteCode[];
const SEVERITIES: readonly NoteSeverity[] = ['info', 'warning', 'danger'];

/** A note of a saved plan: a known code, a severity, a message (docs/risk-notes.md). */
export function decodeNote(value: unknown, where: string): Note {
  const fields = record(value, where, ['code', 'severity', 'message']);
  return {
    code: oneOf(fields.code, `${where}.code`, NOTE_CODES),
    severity: oneOf(fields.severity, `${where}.severity`, SEVERITIES),
    message: text(fields.message, `${where}.message`),
  };
}

/** Checks that `summary.notes` counts the notes of the plan's changes, per severity. */
export function checkNoteCounts(value: unknown, where: string, planned: PlanSummary['notes']): void {
  const counts = record(value, where, [...SEVERITIES]);
  if (SEVERITIES.some((s) => integer(counts[s], `${where}.${s}`) !== planned[s]))
    fail(where, 'does not count the notes');
}
