import type { HttpStep, WaitStep } from '../model/plan.js';

/**
 * A step in one line: the HTTP call it makes, or the gate it waits for. Shared by the plan views
 * and by apply's errors, so a user reads the same call in both.
 */
export function describeStepCall(
  step: Pick<HttpStep, 'kind' | 'method' | 'path' | 'query'> | Pick<WaitStep, 'kind' | 'polls'>,
): string {
  switch (step.kind) {
    case 'http':
      return `${step.method} ${step.path}${querySuffix(step.query)}`;
    case 'wait':
      return `WAIT (polls GET ${step.polls})`;
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function querySuffix(query: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `?${search}` : '';
}
