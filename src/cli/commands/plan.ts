import type { Argv } from 'yargs';
import { checkPlanFileWritable, writePlanFile } from '../../planfile/plan-file.js';
import { assemblePlan } from '../../plan/plan.js';
import { renderReportJson } from '../../render/json.js';
import { renderReportMarkdown } from '../../render/markdown.js';
import { renderFailuresText, renderReportText } from '../../render/text.js';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import {
  type GlobalOptions,
  inAutomation,
  paletteFor,
  type StackSelection,
  withGlobalOptions,
  withStackSelection,
} from '../options.js';
import { bindToClusters, buildReport, loadStacks, withClients } from '../pipeline.js';
import { withResolvedTargets } from '../resolved-targets.js';
import type { PlanSummary } from '../../model/plan.js';
import type { PlanReport } from '../../model/report.js';
import { InvalidStacksError } from '../../model/errors.js';

export interface ReportOptions extends GlobalOptions, StackSelection {
  readonly stacks?: string[];
  readonly json?: boolean;
  readonly markdown?: boolean;
}

export function reportOptions<T>(yargs: Argv<T>) {
  return withStackSelection(withGlobalOptions(yargs))
    .positional('stacks', { type: 'string', array: true, describe: 'Only these stacks (like --stack; default: all)' })
    .option('json', {
      type: 'boolean',
      describe: 'Print the versioned JSON document (docs/json-format.md)',
      conflicts: 'markdown',
    })
    .option('markdown', {
      type: 'boolean',
      describe: 'Print a pull-request comment (summary table, a collapsible section per stack)',
    });
}

export function planCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      reportOptions(yargs)
        .option('out', {
          type: 'string',
          requiresArg: true,
          describe: 'Save the plan to this file, for `opstack apply <file>`',
        })
        .option('detailed-exitcode', {
          type: 'boolean',
          describe: 'Exit 0 when nothing changes, 2 when something would, 1 on error',
        })
        .option('rehearse', {
          type: 'boolean',
          describe: 'Also run the plan on a simulated copy of the clusters, and say whether it converges',
        })
        .option('fail-on', {
          choices: ['warning', 'danger'] as const,
          describe: 'Exit 1 when a risk note of this severity or worse is present (docs/risk-notes.md)',
        })
        .example('$0', 'Plan every stack')
        .example('$0 --stack dc1 --out plan.json', 'Plan stack dc1 and save the plan for review and apply')
        .example('$0 --markdown > comment.md', 'Write a pull-request comment')
        .example('$0 --rehearse', 'Prove the plan converges on a simulated copy of the clusters; reads only')
        .example('$0 --fail-on=danger', 'Fail a CI check when the plan carries a danger note'),
    handler: async (args: PlanArgs) => {
      if (args.out !== undefined) checkPlanFileWritable(args.out);
      // A plan to save records which cluster each stack reached, so that apply can refuse another.
      const report = await runReport('plan', args, io, args.out !== undefined);
      if (args.out && report.failures.length === 0)
        await writePlanFile(args.out, report, (text) => io.redactor.redact(text));
      if (args.out && report.failures.length === 0 && !args.json && !args.markdown) {
        io.stdout(
          `\nSaved the plan ` +
            `to ${args.out}.${inAutomation(io) ? '' : ` Apply exactly this plan with: opstack apply ${args.out}`}\n`,
        );
      }
      // Only a plan every stack could make is rehearsed; the report goes beside the plan, never into a document.
      const print = args.json || args.markdown ? io.stderr : io.stdout;
      const rehearsed = !args.rehearse || report.failures.length > 0 || (await rehearseReport(report, args, io, print));
      const policy = args.failOn ? risksAtOrAbove(report.plan.summary, args.failOn) : 0;
      if (policy > 0) {
        const noun = `risk note${policy === 1 ? '' : 's'}`;
        const policyName = `--fail-on=${args.failOn}`;
        io.stderr(
          `Error: the plan carries ${policy} ${noun} at or ` +
            `above ${args.failOn} (${policyName}); see the notes marked "!".\n`,
        );
      }
      const changed = args.detailedExitcode && report.plan.hasChanges;
      setExit(report.failures.length > 0 || policy > 0 || !rehearsed ? EXIT.error : changed ? EXIT.changes : EXIT.ok);
    },
  };
}

interface PlanArgs extends ReportOptions {
  readonly out?: string;
  readonly detailedExitcode?: boolean;
  readonly failOn?: 'warning' | 'danger';
  readonly rehearse?: boolean;
}

/** The simulator is loaded only for a rehearsal: a plain plan does not pay for it at start-up. */
async function rehearseReport(report: PlanReport, args: PlanArgs, io: RunIo, print: (text: string) => void) {
  const { rehearse } = await import('../rehearsal.js');
  return withClients(args, io, (clients) => rehearse(report.plan, clients, args, io, print));
}

/** How many notes are at least as severe as `level`. */
function risksAtOrAbove({ notes }: PlanSummary, level: 'warning' | 'danger'): number {
  return notes.danger + (level === 'warning' ? notes.warning : 0);
}

/**
 * Loads, reads and plans (binding each stack to its cluster when asked), then prints the report in the requested
 * format.
 */
export async function runReport(
  mode: PlanReport['mode'],
  args: ReportOptions,
  io: RunIo,
  bind = false,
): Promise<PlanReport> {
  const stacks = await loadStacks(args, io, args.stacks ?? []).catch((error: unknown) => {
    // Scripts that asked for JSON get a document (errored, with the diagnostics) even now.
    if (args.json && error instanceof InvalidStacksError)
      io.stdout(renderReportJson({ mode, plan: assemblePlan([]), failures: [], diagnostics: error.diagnostics }));
    throw error;
  });
  const report = await withClients(args, io, async (clients) => {
    const built = await buildReport(mode, stacks, clients);
    return bind && built.failures.length === 0 ? { ...built, plan: await bindToClusters(built.plan, clients) } : built;
  });
  const shown = withResolvedTargets(report, io.env);
  const palette = paletteFor(args, io);
  const text = () => renderReportText(shown, palette, { nextSteps: !inAutomation(io) });
  // Per-cluster errors go to stderr in every format (JSON and Markdown also carry them): stdout is the plan.
  if (report.failures.length > 0) io.stderr(renderFailuresText(report.failures, palette));
  io.stdout(args.json ? renderReportJson(report) : args.markdown ? renderReportMarkdown(shown) : text());
  return report;
}
