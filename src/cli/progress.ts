import type { ApplyEvent, StepRef } from '../apply/apply.js';
import { describeCoverage } from '../apply/keyring-gates.js';
import { describeStepCall } from '../util/step-call.js';
import type { CliIo } from './io.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function describeStep({ stack, step }: StepRef): string {
  return `${stack} step ${step.index}: ${describeStepCall(step)} (${step.description})`;
}

/** A write and the wait that follows it in its stack (a keyring phase), or a step on its own. */
interface Phase {
  /** `[2/3] dc1 step 3: PUT …`: the phase's number and its first step. */
  readonly head: string;
  readonly last: StepRef;
}

/** Groups the steps into phases: a wait joins the write before it, in the same stack. */
function phasesOf(steps: readonly StepRef[]): Map<StepRef, Phase> {
  const groups: StepRef[][] = [];
  for (const [i, ref] of steps.entries()) {
    const previous = steps[i - 1];
    const joins = ref.step.kind === 'wait' && previous?.stack === ref.stack && previous.step.kind === 'http';
    if (joins) groups.at(-1)?.push(ref);
    else groups.push([ref]);
  }
  const phases = new Map<StepRef, Phase>();
  for (const [i, group] of groups.entries()) {
    const [first] = group as [StepRef];
    const phase = { head: `[${i + 1}/${groups.length}] ${describeStep(first)}`, last: group.at(-1) ?? first };
    for (const ref of group) phases.set(ref, phase);
  }
  return phases;
}

/**
 * Shows apply's progress, one line per phase: a write with the wait that follows it ends in
 * the pool coverage it reached. On a terminal the line is redrawn with a spinner and the
 * coverage while the wait polls; in CI it is written once the phase is over, so logs stay short.
 */
export function progressPrinter(io: CliIo): (event: ApplyEvent) => void {
  let phases = new Map<StepRef, Phase>();
  let current: Phase | undefined;
  let spin = 0;
  let coverage = '';
  /** On a terminal the phase's line is redrawn in place; elsewhere only its finished form is written. */
  const draw = (head: string, tail: string, end = '') => {
    if (io.stdoutIsTty) io.stdout(`\r\u001b[2K${head} ${tail}${end}`);
    else if (end) io.stdout(`${head} ${tail}${end}`);
  };
  const finish = (ref: StepRef, outcome: string) => {
    const phase = phases.get(ref);
    if (phase) draw(phase.head, `— ${outcome}${coverage ? `; ${coverage}` : ''}`, '\n');
  };
  return (event) => {
    switch (event.kind) {
      case 'check-saved':
        io.stdout(
          `Checking the saved plan against the stacks and the clusters ` +
            `(${event.stacks} stack${event.stacks === 1 ? '' : 's'})...\n`,
        );
        return;
      case 'check-unmoved':
        io.stdout('Got the lock after waiting: checking that nothing changed since the plan...\n');
        return;
      case 'apply-start':
        phases = phasesOf(event.steps);
        return;
      case 'step-start': {
        const phase = phases.get(event.ref);
        if (phase !== current) coverage = '';
        current = phase;
        // A wait shows it is polling until its first coverage comes in.
        if (phase) draw(phase.head, event.ref.step.kind === 'wait' ? 'polling ...' : '...');
        return;
      }
      case 'wait-progress': {
        coverage = describeCoverage(event.coverage);
        const phase = phases.get(event.ref);
        if (phase) draw(phase.head, `${SPINNER[spin++ % SPINNER.length]} ${coverage}`);
        return;
      }
      case 'step-done':
        if (phases.get(event.ref)?.last !== event.ref) return;
        finish(event.ref, event.result === 'skipped' ? 'nothing left to do' : 'done');
        return;
      case 'step-failed':
        finish(event.ref, 'did not finish');
        return;
      case 'verify':
        io.stdout('Verifying: re-reading the clusters...\n');
        return;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  };
}
