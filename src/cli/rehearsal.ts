import type { ApiClients } from '../api/api-clients.js';
import { OpstackError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { type RehearsalResult, rehearsePlan } from '../rehearse/rehearse.js';
import type { RunIo } from './io.js';
import { clientOptionsFor, type ConnectionOptions } from './options.js';
import { describeStep } from './progress.js';

/** How long a wait may poll the copy: its keyring converges in milliseconds; only a stuck wait takes this long. */
const REHEARSAL_WAIT_MS = 30_000;

/**
 * `--rehearse`: runs the plan on the embedded simulator's copy of the clusters, says how it went,
 * and returns whether it converged. The report goes to `print` (stdout, or stderr where stdout
 * carries a document).
 */
export async function rehearse(
  plan: Plan,
  clients: ApiClients,
  options: ConnectionOptions,
  io: RunIo,
  print: (text: string) => void,
): Promise<boolean> {
  if (!plan.hasChanges) {
    print('\nRehearsal: nothing to rehearse, the plan has no changes.\n');
    return true;
  }
  const result = await rehearsePlan(plan, clients, {
    env: io.env,
    redactor: io.redactor,
    clientOptions: clientOptionsFor(options, io),
    waitTimeoutMs: REHEARSAL_WAIT_MS,
  });
  print(describeRehearsal(result, plan));
  return result.kind === 'converged';
}

/** Rehearses and throws when the plan did not converge: apply stops before its first write. */
export async function rehearseBeforeApply(
  plan: Plan,
  clients: ApiClients,
  options: ConnectionOptions,
  io: RunIo,
): Promise<void> {
  if (!(await rehearse(plan, clients, options, io, io.stdout))) {
    throw new OpstackError(
      'RehearsalFailed',
      'The rehearsal did not converge (above), so nothing was applied to any cluster.',
      'Fix what it found, then plan and apply again.',
    );
  }
}

function describeRehearsal(result: RehearsalResult, plan: Plan): string {
  const total = plan.stacks.reduce((n, s) => n + s.steps.length, 0);
  const clusters = plan.stacks.filter((s) => s.steps.length > 0).length;
  const noWrite = 'Nothing was written to any real cluster: they received reads only.';
  switch (result.kind) {
    case 'converged':
      return (
        `\nRehearsal converged in ${plural(result.steps, 'step')}: the embedded simulator, holding a copy of ` +
        `what was read from ${plural(clusters, 'cluster')}, ran the plan with the same gates, waits and guards, ` +
        `and a re-read finds nothing left to change. ${noWrite}\n`
      );
    case 'failed': {
      const { failed, error, stopped } = result.outcome;
      const why = failed?.error ?? error ?? stopped!;
      const where = failed
        ? `at step ${result.steps + 1} of ${total}, ${describeStep(failed.ref)}`
        : `after all ${result.steps} steps`;
      return `\nRehearsal failed ${where}:\n  ${why.message}\n${why.hint ? `  ${why.hint}\n` : ''}${noWrite}\n`;
    }
    case 'not-reproduced':
      return `\nRehearsal not possible for stack ${result.stack}: ${result.detail}. ${noWrite}\n`;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
