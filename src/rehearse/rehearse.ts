import { ApiClients } from '../api/api-clients.js';
import type { ClientOptions } from '../api/api-client.js';
import type { Environment } from '../api/connection.js';
import { type ApplyOutcome, applyPlan } from '../apply/apply.js';
import type { Plan, Step, StackPlan } from '../model/plan.js';
import { assemblePlan, planStack } from '../plan/plan.js';
import { readLive } from '../read/read-live.js';
import { AREA_PATH } from '../schema/api-paths.js';
import type { Redactor } from '../util/redactor.js';
import { type SimulatedCluster, startSimulatedClusters } from './simulated-clusters.js';
import { readSnapshots } from './snapshot.js';

/** What a rehearsal found; `steps` counts the steps the copy ran. */
export type RehearsalResult =
  | { readonly kind: 'converged'; readonly steps: number }
  | { readonly kind: 'failed'; readonly steps: number; readonly outcome: ApplyOutcome }
  /** The copy plans differently than the real cluster: the rehearsal would prove nothing. */
  | { readonly kind: 'not-reproduced'; readonly stack: string; readonly detail: string };

export interface RehearsalOptions {
  readonly env: Environment;
  readonly redactor: Redactor;
  readonly clientOptions: ClientOptions;
  /** How long a wait may poll the copy; its keyring converges in milliseconds, so this bounds one that never would. */
  readonly waitTimeoutMs: number;
}

/** A rehearsal's waits poll this often: the copy's gossip converges in tens of milliseconds. */
const REHEARSAL_POLL_MS = 10;

/**
 * Proves a plan before any write to a real cluster: copies what it read of each changed stack's
 * cluster into the embedded simulator (GETs only against the real ones), checks that the copy
 * plans the same steps, then applies the plan there with the same engine — the same steps,
 * gates, waits and guards, and the re-read that verifies nothing is left to change.
 */
export async function rehearsePlan(plan: Plan, real: ApiClients, options: RehearsalOptions): Promise<RehearsalResult> {
  const changed = plan.stacks.filter((stack) => stack.steps.length > 0);
  const snapshots = await readSnapshots(changed, real, options.env);
  const copies = await startSimulatedClusters(snapshots);
  // The copies take no token and no TLS: only key references are read from the environment.
  const clients = new ApiClients(withoutConnectionVariables(options.env), options.clientOptions, options.redactor);
  try {
    const stacks = changed.map((stack) => onCopy(stack, copies.clusters.get(stack.name)!));
    const different = await firstDifference(stacks, clients);
    if (different) return { kind: 'not-reproduced', ...different };
    const outcome = await applyPlan(assemblePlan(stacks), clients, {
      env: options.env,
      waitTimeoutMs: options.waitTimeoutMs,
      pollIntervalMs: REHEARSAL_POLL_MS,
      onEvent: () => {},
    });
    const failed = outcome.failed !== undefined || outcome.error !== undefined || outcome.stopped !== undefined;
    return failed
      ? { kind: 'failed', steps: outcome.completed.length, outcome }
      : { kind: 'converged', steps: outcome.completed.length };
  } finally {
    await clients.close();
    await copies.close();
  }
}

/** The stack's plan aimed at its copy: the copy's address, its raft indexes in `?cas=`, its area IDs in paths. */
function onCopy(stack: StackPlan, copy: SimulatedCluster): StackPlan {
  return { ...stack, target: copy.target, steps: stack.steps.map((step) => stepOnCopy(step, copy)) };
}

function stepOnCopy(step: Step, copy: SimulatedCluster): Step {
  if (step.kind !== 'http') return step;
  const areaId = step.path.startsWith(`${AREA_PATH}/`)
    ? step.path.slice(AREA_PATH.length + 1).split('/')[0]!
    : undefined;
  const path =
    areaId !== undefined && copy.areaIds.has(areaId) ? step.path.replace(areaId, copy.areaIds.get(areaId)!) : step.path;
  const indexes = copy.modifyIndexes.get(step.path);
  if (step.precondition?.kind !== 'cas' || indexes === undefined || indexes[0] !== step.precondition.modifyIndex)
    return { ...step, path };
  const modifyIndex = indexes[1];
  return {
    ...step,
    path,
    query: { ...step.query, cas: String(modifyIndex) },
    precondition: { kind: 'cas', modifyIndex },
  };
}

/**
 * Plans the copies from the same declarations: a copy that would not plan exactly the real
 * plan's steps is not a copy of what matters, and is reported rather than rehearsed.
 */
async function firstDifference(
  stacks: readonly StackPlan[],
  clients: ApiClients,
): Promise<{ stack: string; detail: string } | undefined> {
  const reads = await readLive(
    stacks.map((s) => ({ name: s.name, target: s.target, resources: s.declared })),
    clients,
  );
  for (const [i, read] of reads.entries()) {
    const stack = stacks[i]!;
    if (!read.ok) return { stack: stack.name, detail: `the copy could not be read: ${read.error.message}` };
    const result = planStack(read);
    if (!result.ok)
      return { stack: stack.name, detail: `the copy refuses what the cluster did not: ${result.refusals[0]!.message}` };
    const step = stack.steps.findIndex((s, n) => JSON.stringify(s) !== JSON.stringify(result.plan.steps[n]));
    if (step >= 0 || result.plan.steps.length !== stack.steps.length) {
      const which =
        stack.steps[step]?.description ?? `${result.plan.steps.length} steps instead of ${stack.steps.length}`;
      return {
        stack: stack.name,
        detail: `the copy plans step ${step >= 0 ? step + 1 : stack.steps.length + 1} differently (${which})`,
      };
    }
  }
  return undefined;
}

/** The variables that say how to reach a real cluster (Consul's and Nomad's CLI conventions). */
const CONNECTION_VARIABLES = [
  'CONSUL_HTTP_ADDR',
  'CONSUL_HTTP_TOKEN',
  'CONSUL_HTTP_TOKEN_FILE',
  'CONSUL_HTTP_AUTH',
  'CONSUL_HTTP_SSL',
  'CONSUL_HTTP_SSL_VERIFY',
  'CONSUL_CACERT',
  'CONSUL_CLIENT_CERT',
  'CONSUL_CLIENT_KEY',
  'CONSUL_TLS_SERVER_NAME',
  'NOMAD_ADDR',
  'NOMAD_TOKEN',
  'NOMAD_CACERT',
  'NOMAD_CLIENT_CERT',
  'NOMAD_CLIENT_KEY',
  'NOMAD_TLS_SERVER_NAME',
  'NOMAD_SKIP_VERIFY',
];

function withoutConnectionVariables(env: Environment): Environment {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !CONNECTION_VARIABLES.includes(name)));
}
