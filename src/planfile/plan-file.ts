import { accessSync, constants, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DocumentError } from '../document/checks.js';
import { type DocumentRead, fromDocument } from '../document/from-document.js';
import { serialiseDocument, toDocument } from '../document/to-document.js';
import { OpstackError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import type { PlanReport } from '../model/report.js';

/** Larger than any plan opstack writes; a bigger file is refused before it is parsed. */
const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Saves the plan document, readable by its owner only. It holds no token or key; `redact` (the
 * run's redactor) makes sure of that for text that came from a server.
 */
export async function writePlanFile(path: string, report: PlanReport, redact: (text: string) => string): Promise<void> {
  try {
    await writeFile(path, redact(serialiseDocument(toDocument(report))), { mode: 0o600 });
  } catch (error) {
    throw unwritable(path, (error as NodeJS.ErrnoException).code ?? 'write failed');
  }
}

/**
 * Refuses an `--out` path the plan could not be written to (no such directory, a directory, no
 * permission), before any request: finding out after reading every cluster wastes the run.
 */
export function checkPlanFileWritable(path: string): void {
  if (path === '') throw unwritable(path, 'no file name');
  const directory = dirname(path);
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) throw unwritable(path, 'no such directory');
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw unwritable(path, 'it is a directory');
  try {
    accessSync(existing ? path : directory, constants.W_OK);
  } catch {
    throw unwritable(path, 'permission denied');
  }
}

function unwritable(path: string, why: string): OpstackError {
  const message = `The plan cannot be saved to ${JSON.stringify(path)} (${why}).`;
  return new OpstackError(
    'InvalidConfig',
    message,
    'Give --out a file in a directory that exists and you may write to.',
  );
}

/** Reads a saved plan (or any saved plan or drift document), refusing anything opstack did not write. */
export async function readPlanFile(path: string): Promise<DocumentRead> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch {
    throw invalid(path, 'cannot be read');
  }
  if (raw.length > MAX_PLAN_FILE_BYTES) throw invalid(path, `is larger than ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MiB`);
  let parsed: unknown;
  try {
    // Node's parse errors quote the input; the file's content is not repeated back.
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid(path, 'is not valid JSON (truncated or corrupted?)');
  }
  try {
    return fromDocument(parsed);
  } catch (error) {
    if (error instanceof DocumentError) throw invalid(path, `is not a plan opstack wrote: ${error.message}`);
    throw error;
  }
}

/** The plan of a saved document, if it is one apply may start from: a plan, without errors, bound to its clusters. */
export function applicablePlan({ report }: DocumentRead, path: string): Plan {
  if (report.mode !== 'plan') throw invalid(path, 'is a drift report, not a plan');
  if (report.failures.length > 0 || report.diagnostics.some((d) => d.severity === 'error'))
    throw invalid(path, 'records errors; an errored plan cannot be applied');
  const unbound = report.plan.stacks.filter((s) => s.cluster === undefined).map((s) => s.name);
  if (unbound.length > 0)
    throw invalid(
      path,
      `does not record the cluster of stack ${unbound.join(', ')} (a --json print, not a plan saved by --out)`,
    );
  return report.plan;
}

function invalid(path: string, why: string): OpstackError {
  return new OpstackError(
    'PlanFileInvalid',
    `The plan file ${path} ${why}. Nothing was sent to any cluster.`,
    'Make a new one with `opstack plan --out <file>`.',
  );
}
