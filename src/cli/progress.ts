import type { ApplyEvent, StepRef } from '../apply/apply.js';
import { describeCoverage } from '../apply/keyring-gates.js';
import { describeStepCall } from '../util/step-call.js';
import type { CliIo } from './io.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function describeStep({ stack, step }: StepRef): string {
  return `${stack} step ${step.index}: ${describeStepCall(step)} (${step.description})`;
}

/**
 * Shows apply's progress: on a terminal, a wait redraws one line with a spinner and the coverage;
 * in CI, plain lines, one per change in coverage, so logs stay readable.
 */
export function progressPrinter(io: CliIo): (event: ApplyEvent) => void {
  let spin = 0;
  let lastCoverage = '';
  let redrawing = false;
  const endRedraw = () => {
    if (redrawing) io.stdout('\n');
    redrawing = false;
  };
  return (event) => {
    switch (event.kind) {
      case 'check-saved':
        io.stdout(`Checking the saved plan against the stacks and the clusters (${event.stacks} stack${event.stacks === 1 ? '' : 's'})...\n`);
        return;
      case 'check-unmoved':
        io.stdout('Got the lock after waiting: checking that nothing changed since the plan...\n');
        return;
      case 'step-start':
        lastCoverage = '';
        io.stdout(`[${event.position}/${event.total}] ${describeStep(event.ref)}...\n`);
        return;
      case 'wait-progress': {
        const coverage = describeCoverage(event.coverage);
        if (io.stdoutIsTty) {
          io.stdout(`\r\u001b[2K  ${SPINNER[spin++ % SPINNER.length]} ${coverage}`);
          redrawing = true;
        } else if (coverage !== lastCoverage) {
          io.stdout(`  coverage: ${coverage}\n`);
        }
        lastCoverage = coverage;
        return;
      }
      case 'step-done':
        endRedraw();
        io.stdout(event.result === 'skipped' ? `[skipped] ${event.ref.step.address}: nothing left to do\n` : `[done] ${event.ref.step.address}\n`);
        return;
      case 'verify':
        endRedraw();
        io.stdout('Verifying: re-reading the clusters...\n');
        return;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  };
}
