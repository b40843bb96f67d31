import type { Action } from '../model/plan.js';
import type { Target } from '../model/target.js';

/** A value as HCL would show it: strings quoted, numbers and booleans bare. */
export function formatValue(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/** Terraform's symbols for actions. */
export function actionSymbol(action: Action): string {
  switch (action) {
    case 'create':
      return '+';
    case 'update':
      return '~';
    case 'delete':
      return '-';
    case 'no-op':
      return ' ';
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

export function actionPhrase(action: Action, mode: 'plan' | 'drift'): string {
  if (mode === 'drift') return action === 'no-op' ? 'matches the stack' : 'has drifted from the stack';
  switch (action) {
    case 'create':
      return 'will be created';
    case 'update':
      return 'will be updated in-place';
    case 'delete':
      return 'will be destroyed';
    case 'no-op':
      return 'is unchanged';
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** How a target is named in output: never with a token. */
export function describeTarget(target: Target): string {
  if (target.product === 'nomad')
    return `Nomad region "${target.region ?? '$NOMAD_REGION'}" at ${target.address ?? '$NOMAD_ADDR'}`;
  return `Consul datacenter "${target.datacenter}" at ${target.address ?? '$CONSUL_HTTP_ADDR'}`;
}
