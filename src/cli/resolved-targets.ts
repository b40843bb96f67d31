import { consulBaseUrl } from '../api/consul-connection.js';
import type { Environment } from '../api/connection.js';
import { nomadBaseUrl, nomadRegion } from '../api/nomad-connection.js';
import type { PlanReport } from '../model/report.js';
import type { Target } from '../model/target.js';

/**
 * The target as the requests reached it: a stack that leaves its address (or Nomad region) to the
 * environment is shown with what CONSUL_HTTP_ADDR / NOMAD_ADDR / NOMAD_REGION resolved to, not
 * the variable's name. For the human views only; saved plans and JSON keep what the stack says.
 */
export function resolvedTarget(target: Target, env: Environment): Target {
  try {
    if (target.product === 'consul') return { ...target, address: consulBaseUrl(target, env) };
    return { ...target, address: nomadBaseUrl(target, env), region: nomadRegion(target, env) };
  } catch {
    return target; // an address that does not parse failed the stack's reads, which say why
  }
}

export function withResolvedTargets(report: PlanReport, env: Environment): PlanReport {
  const stacks = report.plan.stacks.map((stack) => ({ ...stack, target: resolvedTarget(stack.target, env) }));
  return { ...report, plan: { ...report.plan, stacks } };
}
