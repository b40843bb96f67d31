import { stat } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { type ApplyEvent, type ApplyOutcome, applyPlan } from '../../apply/apply.js';
import { verifySavedPlan } from '../../apply/saved-plan.js';
import type { ApiClients } from '../../api/api-clients.js';
import { InterruptedError, OpstackError } from '../../model/errors.js';
import type { Plan } from '../../model/plan.js';
import { applicablePlan, readPlanFile } from '../../planfile/plan-file.js';
import { renderFailuresText, renderReportText } from '../../render/text.js';
import { OPSTACK_VERSION } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { SIGNAL_EXIT_CODES } from '../interrupts.js';
import { controlOf, type RunIo } from '../io.js';
import {
  durationOption,
  type GlobalOptions,
  inAutomation,
  paletteFor,
  type StackSelection,
  withGlobalOptions,
  withStackSelection,
} from '../options.js';
import { buildReport, loadStacks, withClients } from '../pipeline.js';
import { describeStep, progressPrinter } from '../progress.js';
import { withResolvedTargets } from '../resolved-targets.js';

interface ApplyArgs extends GlobalOptions, StackSelection {
  readonly planfile?: string;
  readonly autoApprove?: boolean;
  /** false (`-input=false`): never ask; refuse when approval is needed. */
  readonly input: boolean;
  readonly waitTimeout: string;
  readonly pollInterval: string;
  readonly lock: boolean;
  readonly lockTimeout: string;
  readonly rehearse?: boolean;
}

export function applyCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withStackSelection(withGlobalOptions(yargs))
        .positional('planfile', {
          type: 'string',
          describe:
            'A plan saved by `opstack plan --out`; applied only if planning again from the stacks gives exactly it',
        })
        .option('wait-timeout', {
          type: 'string',
          requiresArg: true,
          default: '2m',
          describe: 'How long each wait (e.g. until every node has a new gossip key) may take, as a Go duration',
        })
        .option('poll-interval', {
          type: 'string',
          requiresArg: true,
          default: '1s',
          describe: 'How often a wait reads the keyring again, as a Go duration',
        })
        .option('auto-approve', {
          type: 'boolean',
          describe: 'Do not ask for confirmation (required without a terminal, unless a saved plan is given)',
        })
        .option('input', {
          type: 'boolean',
          default: true,
          describe: 'Ask for confirmation on a terminal (-input=false refuses instead, as in CI)',
        })
        .option('lock', {
          type: 'boolean',
          default: true,
          describe: 'Hold opstack/lock in every cluster written to, so applies never overlap (--lock=false skips it)',
        })
        .option('rehearse', {
          type: 'boolean',
          describe: 'Run the plan on a simulated copy first; apply only if it converges',
        })
        .option('lock-timeout', {
          type: 'string',
          requiresArg: true,
          default: '0s',
          describe: 'How long to wait for a lock another apply holds, as a Go duration (0s: fail at once)',
        })
        .example('$0', 'Plan, show the plan, ask, then apply')
        .example(
          '$0 plan.json',
          'Apply a reviewed plan; refused if the stacks, the cluster or anything read changed since',
        )
        .example('$0 --auto-approve', 'Plan and apply without asking (CI on merge)')
        .example('$0 --stack dc1', 'Plan and apply stack dc1 only')
        .example('$0 --rehearse', 'Plan, rehearse on a simulated copy of the clusters, apply only if that converged'),
    handler: async (args: ApplyArgs) => {
      const waitTimeoutMs = durationOption('wait-timeout', args.waitTimeout, '90s, 2m or 10m');
      const pollIntervalMs = durationOption('poll-interval', args.pollInterval, '500ms or 2s');
      if (args.planfile) await checkPlanFileArgs(args.planfile, args);
      const lockTimeoutMs = durationOption('lock-timeout', args.lockTimeout, '0s, 30s or 5m', true);
      const lock = args.lock
        ? { holder: io.holder, timeoutMs: lockTimeoutMs, retryIntervalMs: pollIntervalMs, version: OPSTACK_VERSION }
        : undefined;
      const outcome = await withClients(args, io, async (clients) => {
        const onEvent = progressPrinter(io);
        const plan = args.planfile
          ? await verifiedSavedPlan(args.planfile, args, io, clients, onEvent)
          : await planAndConfirm(args, io, clients);
        if (!plan) return undefined;
        if (args.planfile && args.rehearse) await rehearseBeforeApply(plan, clients, args, io);
        if (!plan.hasChanges && !args.planfile) return undefined;
        // From the first write on, a signal stops apply between steps instead of ending the process.
        const options = { env: io.env, waitTimeoutMs, pollIntervalMs, onEvent, ...(lock ? { lock } : {}) };
        const outcome = await controlOf(io).critical((signal) => applyPlan(plan, clients, { ...options, signal }));
        return { plan, outcome };
      });
      if (outcome) reportOutcome(outcome.outcome, outcome.plan, io);
      const { failed, error, stopped } = outcome?.outcome ?? {};
      if (stopped instanceof InterruptedError) return setExit(SIGNAL_EXIT_CODES[stopped.signal]);
      setExit(!failed && !error && !stopped ? EXIT.ok : EXIT.error);
    },
  };
}

/**
 * A saved plan, re-derived from the stacks synthesised now and a fresh read, and refused unless
 * it is exactly the plan in the file (apply/saved-plan.ts). The file is the approval, not the source.
 */
async function verifiedSavedPlan(
  path: string,
  args: ApplyArgs,
  io: RunIo,
  clients: ApiClients,
  onEvent: (event: ApplyEvent) => void,
): Promise<Plan> {
  const saved = applicablePlan(await readPlanFile(path), path);
  const { stacks } = await loadStacks(
    args,
    io,
    saved.stacks.map((s) => s.name),
  );
  onEvent({ kind: 'check-saved', stacks: saved.stacks.length });
  return verifySavedPlan(saved, stacks, clients);
}

/** Plans, prints the plan, and asks; returns undefined when there is nothing to do. */
async function planAndConfirm(
  args: ApplyArgs,
  io: RunIo,
  clients: Parameters<typeof buildReport>[2],
): Promise<Plan | undefined> {
  const report = await buildReport('plan', await loadStacks(args, io), clients);
  const palette = paletteFor(args, io);
  if (report.failures.length > 0) io.stderr(renderFailuresText(report.failures, palette));
  io.stdout(renderReportText(withResolvedTargets(report, io.env), palette, { nextSteps: !inAutomation(io) }));
  if (report.failures.length > 0) {
    throw new OpstackError(
      'Aborted',
      'Some stacks could not be read or planned, so nothing was applied to any cluster.',
      'Fix the errors above and run apply again.',
    );
  }
  if (!report.plan.hasChanges) return undefined;
  // Rehearsed before asking: the answer is given knowing whether the plan converges.
  if (args.rehearse) await rehearseBeforeApply(report.plan, clients, args, io);
  if (!args.autoApprove) await confirm(io, args.input);
  return report.plan;
}

/** The simulator is loaded only for a rehearsal (src/cli/rehearsal.ts); it throws when the plan did not converge. */
async function rehearseBeforeApply(plan: Plan, clients: ApiClients, args: ApplyArgs, io: RunIo): Promise<void> {
  await (await import('../rehearsal.js')).rehearseBeforeApply(plan, clients, args, io);
}

/**
 * A saved plan is applied as saved: it cannot be narrowed with --stack, and a planfile that is
 * not a file is most likely a stack name (`opstack apply fra1`), so say how to target one.
 */
async function checkPlanFileArgs(planfile: string, args: ApplyArgs): Promise<void> {
  if ((args.stack ?? []).length > 0) {
    throw new OpstackError(
      'InvalidConfig',
      'A saved plan is applied as saved: --stack cannot narrow it. Nothing was changed.',
      `Make a plan of just those stacks with \`opstack plan --stack <name> --out <file>\`, then apply that file.`,
    );
  }
  const isFile = await stat(planfile).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new OpstackError(
      'InvalidConfig',
      `There is no plan file ${JSON.stringify(planfile)}. Nothing was changed.`,
      `To plan and apply one stack, use \`opstack apply --stack ${planfile}\`; ` +
        `to apply a saved plan, give the file \`opstack plan --out\` wrote.`,
    );
  }
}

async function confirm(io: RunIo, input: boolean): Promise<void> {
  if (!input) {
    throw new OpstackError(
      'ApprovalRequired',
      'Refusing to apply without confirmation: -input=false forbids asking. Nothing was changed.',
      'Pass -auto-approve, or apply a reviewed plan file.',
    );
  }
  if (!io.interactive) {
    throw new OpstackError(
      'ApprovalRequired',
      'Refusing to apply without confirmation: there is no terminal to ask on. Nothing was changed.',
      'Pass --auto-approve, or save a reviewed plan with `opstack ' +
        'plan --out plan.json` and run `opstack apply plan.json`.',
    );
  }
  const answer = await io.ask(
    "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
  );
  if (answer.trim() !== 'yes') throw new OpstackError('Aborted', 'Apply cancelled. Nothing was changed.');
}

/**
 * Success goes to stdout; a failure, or a stop (a signal, a lost lock), says which steps ran and
 * which did not, on stderr. Locks that could not be given back are named either way.
 */
function reportOutcome(outcome: ApplyOutcome, plan: Plan, io: RunIo): void {
  const problems = outcome.lockProblems.map((line) => `Warning: ${line}\n`).join('');
  const error = outcome.failed?.error ?? outcome.error ?? outcome.stopped;
  if (!error) {
    const { add, change, destroy } = plan.summary;
    io.stdout(
      `\nApply complete! Resources: ${add} added, ${change} ` +
        `changed, ${destroy} destroyed. A re-read finds nothing left to change.\n`,
    );
    io.stderr(problems);
    return;
  }
  const lines = [`${outcome.stopped ? 'Stopped' : 'Error'}: ${error.message}`];
  if (error.hint) lines.push(`  ${error.hint}`);
  if (outcome.stopped)
    lines.push(
      '  No step was cut off: the one in flight finished (a wait in flight, which only reads, was abandoned).',
    );
  lines.push('', outcome.completed.length > 0 ? 'Steps that ran:' : 'No step ran.');
  lines.push(...outcome.completed.map((ref) => `  ✓ ${describeStep(ref)}`));
  if (outcome.failed) lines.push('Step that failed:', `  ✗ ${describeStep(outcome.failed.ref)}`);
  if (outcome.notRun.length > 0)
    lines.push('Steps not run:', ...outcome.notRun.map((ref) => `  - ${describeStep(ref)}`));
  // After a stop the line is a fact, not a hint: automation gets it too.
  if (outcome.stopped || ((outcome.failed || outcome.completed.length > 0) && !inAutomation(io))) {
    lines.push('', 'Run `opstack plan` to see where things stand; running apply again converges.');
  }
  io.stderr(lines.join('\n') + '\n' + problems);
}
