import type { Argv } from 'yargs';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { type ReportOptions, reportOptions, runReport } from './plan.js';

/** Read-only by construction: it builds a report and never calls apply. */
export function driftCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      reportOptions(yargs)
        .example('$0', 'Exit 0 when every cluster matches its stack, 2 when one drifted, 1 on error')
        .example('$0 --json > drift.json', 'Keep a machine-readable record of the drift'),
    handler: async (args: ReportOptions) => {
      const report = await runReport('drift', args, io);
      setExit(report.failures.length > 0 ? EXIT.error : report.plan.hasChanges ? EXIT.changes : EXIT.ok);
    },
  };
}
