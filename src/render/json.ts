import { serialiseDocument, toDocument } from '../document/to-document.js';
import type { PlanReport } from '../model/report.js';

/** The plan document as `--json` prints it and `--out` saves it (docs/json-format.md). */
export function renderReportJson(report: PlanReport, opstackVersion?: string): string {
  return serialiseDocument(toDocument(report, opstackVersion));
}
