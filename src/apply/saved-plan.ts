import { isDeepStrictEqual } from 'node:util';
import type { ApiClient } from '../api/api-client.js';
import type { ApiClients } from '../api/api-clients.js';
import { describeConnection } from '../api/connection.js';
import { encodeDesired } from '../document/desired-document.js';
import { encodeChange } from '../document/to-document.js';
import { encodeStep } from '../document/step-document.js';
import { OpstackError } from '../model/errors.js';
import type { Plan, StackPlan } from '../model/plan.js';
import type { DesiredStack } from '../model/stack.js';
import type { ClusterIdentity } from '../model/target.js';
import { assemblePlan, liveVersion, planStack, type StackInput } from '../plan/plan.js';
import { readClusterIdentity } from '../read/cluster-identity.js';
import { readLive } from '../read/read-live.js';
import { findSharedObjects } from '../read/shared-objects.js';
import { normaliseBaseUrl } from '../util/cluster-address.js';
import { describeDifference } from '../util/structural-diff.js';

const PLAN_AGAIN = 'Run `opstack plan --out <file>` again, review it, and apply the new plan.';

/**
 * Re-derives a saved plan from what opstack trusts at apply time, and refuses unless it is the
 * same plan: the stacks (synthesised now) must declare what the file says they declared, with the
 * same targets; their requests must go to the cluster the plan was made against (same address,
 * datacenter or region, and raft servers); nothing it read may have moved; and planning again
 * from the stacks and a fresh read (every guard included) must give exactly the saved changes and
 * steps. Returns the plan just computed: apply runs that, never the file's steps. Nothing is
 * written here, and until the stacks and addresses match, nothing is sent at all.
 */
export async function verifySavedPlan(
  saved: Plan,
  stacks: readonly DesiredStack[],
  clients: ApiClients,
): Promise<Plan> {
  const pairs = saved.stacks.map((stack) => ({ saved: stack, desired: declaredNow(stack, stacks) }));
  const bound = pairs.map((pair) => ({
    ...pair,
    client: clients.for(pair.desired.target),
    cluster: clusterOf(pair.saved),
  }));
  for (const { saved: stack, client, cluster } of bound) checkAddress(stack.name, cluster, client);
  await Promise.all(
    bound.map(async ({ saved: stack, client, cluster }) =>
      checkServers(stack.name, cluster, await readClusterIdentity(client), client),
    ),
  );
  const reads = (
    await readLive(
      pairs.map((p) => p.desired),
      clients,
    )
  ).map((read) => {
    if (!read.ok) throw read.error;
    return read;
  });
  const [shared] = await findSharedObjects(reads, clients);
  if (shared) {
    const message = `Refusing the saved plan: ${shared.error.message} Nothing was written.`;
    throw new OpstackError(shared.error.code, message, shared.error.hint);
  }
  const moved = pairs.flatMap(({ saved: stack }, i) =>
    stack.observed.flatMap((observation) => {
      const live = reads[i]?.live.get(observation.address);
      const now = live ? liveVersion(live) : 'gone';
      return now === observation.version
        ? []
        : [`${observation.address} (${observation.version} at plan time, ${now} now)`];
    }),
  );
  if (moved.length > 0) {
    const objects = moved.length === 1 ? 'an object' : `${moved.length} objects`;
    const shown = await whatMoved(
      pairs.map((p) => p.saved),
      reads,
    );
    const message = `Saved plan is stale: ${objects} changed since it was made: ${moved.join('; ')}.`;
    throw new OpstackError('PlanStale', `${message} Nothing was applied.${shown}`, PLAN_AGAIN);
  }
  const replanned = reads.map((read, i): StackPlan => {
    const result = planStack(read);
    // A guard that refuses now refuses the saved plan, whatever the file says was planned.
    if (!result.ok) {
      const message = result.refusals.map((r) => r.message).join(' ');
      throw new OpstackError(
        'GuardRefused',
        `Refusing the saved plan: ${message} Nothing was written.`,
        result.refusals[0]?.hint,
      );
    }
    return { ...result.plan, cluster: bound[i]?.cluster };
  });
  replanned.forEach((stack, i) => checkSamePlan(pairs[i]?.saved, stack));
  return assemblePlan(replanned);
}

/**
 * For each object that moved, its declared attributes as the plan saw them (`-`) and as they are
 * now (`+`), from a plan of the fresh read: the reader sees what changed under the plan.
 */
async function whatMoved(saved: readonly StackPlan[], reads: readonly StackInput[]): Promise<string> {
  const sections: string[] = [];
  for (const [i, stack] of saved.entries()) {
    const read = reads[i];
    const now = read ? planStack(read) : undefined;
    for (const { address, version } of stack.observed) {
      const live = read?.live.get(address);
      if (!live || liveVersion(live) === version) continue;
      const beforeIn = (plan: StackPlan | undefined) => plan?.changes.find((c) => c.address === address)?.before;
      const [then, current] = [beforeIn(stack), beforeIn(now?.ok ? now.plan : undefined)];
      const diff = then && current ? await describeDifference(canonical(then), canonical(current)) : '';
      const unchanged = ' (the attributes the stack declares are as the plan saw them; something else changed)';
      const body = diff.trimEnd() || unchanged;
      sections.push(`\n\n${address}: as the plan saw it (-) and as it is now (+):\n${body}`);
    }
  }
  return sections.join('');
}

/** The stack as the project declares it now; refused unless the file recorded exactly that. */
function declaredNow(saved: StackPlan, stacks: readonly DesiredStack[]): DesiredStack {
  const now = stacks.find((s) => s.name === saved.name);
  if (!now) throw mismatch(`the stacks have no stack "${saved.name}" any more`);
  if (!isDeepStrictEqual(canonical(now.target), canonical(saved.target))) {
    throw mismatch(
      `stack ${saved.name} targets another cluster in the file than ` +
        `in the stacks (address, datacenter, region or TLS files differ)`,
    );
  }
  const declared = (resources: DesiredStack['resources']) =>
    new Map(resources.map((r) => [`${r.type}.${r.name}`, canonical(encodeDesired(r))]));
  const [a, b] = [declared(now.resources), declared(saved.declared)];
  const differing = [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => !isDeepStrictEqual(a.get(key), b.get(key)))
    .sort();
  if (differing.length > 0)
    throw mismatch(`stack ${saved.name} declares something else now than the file records (${differing.join(', ')})`);
  return now;
}

function clusterOf(stack: StackPlan): ClusterIdentity {
  if (!stack.cluster) throw new Error(`internal: saved stack ${stack.name} has no cluster identity`);
  return stack.cluster;
}

/** Where the stack's requests go now, resolved from the stacks and the environment, before any request. */
function checkAddress(stack: string, cluster: ClusterIdentity, client: ApiClient): void {
  const address = normaliseBaseUrl(client.connection.baseUrl);
  const scope = client.connection.scope?.value ?? '';
  if (address === cluster.address && scope === cluster.scope) return;
  throw new OpstackError(
    'WrongCluster',
    `Stack ${stack}: the saved plan was made against ${cluster.address} ` +
      `(${client.connection.scope?.param === 'dc' ? 'datacenter' : 'region'} ` +
      `"${cluster.scope}"), but the stacks and the environment now send its requests ` +
      `to ${describeConnection(client.connection)}. Nothing was sent to any cluster.`,
    'A saved plan applies only to the cluster it was made against. Check ' +
      'CONSUL_HTTP_ADDR / NOMAD_ADDR / NOMAD_REGION, or make a new plan for this cluster.',
  );
}

/** The servers answering there must be the cluster the plan saw: at least one raft server in common. */
function checkServers(stack: string, cluster: ClusterIdentity, now: ClusterIdentity, client: ApiClient): void {
  if (now.serverIds.some((id) => cluster.serverIds.includes(id))) return;
  throw new OpstackError(
    'WrongCluster',
    `Stack ${stack}: ${describeConnection(client.connection)} is another cluster than ` +
      `the saved plan was made against: none of its ${now.serverIds.length} raft servers ` +
      `is among the ${cluster.serverIds.length} the plan saw there. Nothing was written.`,
    'A saved plan applies only to the cluster it was made against; make a new plan for this one.',
  );
}

/** Planning again must give the file's changes and steps exactly; what differs is named, not quoted. */
function checkSamePlan(saved: StackPlan | undefined, now: StackPlan): void {
  if (!saved) throw new Error('internal: a re-planned stack without its saved plan');
  const steps = (stack: StackPlan) => canonical(stack.steps.map((step) => encodeStep(stack.name, step)));
  const changes = (stack: StackPlan) => canonical(stack.changes.map(encodeChange));
  const [savedSteps, nowSteps] = [steps(saved), steps(now)] as [unknown[], unknown[]];
  if (!isDeepStrictEqual(savedSteps, nowSteps)) {
    const first = savedSteps.findIndex((step, i) => !isDeepStrictEqual(step, nowSteps[i]));
    const where =
      first === -1
        ? `the file has ${savedSteps.length} steps, planning now gives ${nowSteps.length}`
        : `step ${first + 1} differs (the file has ${savedSteps.length} steps, planning now gives ${nowSteps.length})`;
    throw mismatch(
      `stack ${saved.name}: planning again from the stacks and the clusters gives other steps than the file: ${where}`,
    );
  }
  if (!isDeepStrictEqual(changes(saved), changes(now)))
    throw mismatch(`stack ${saved.name}: planning again gives other resource changes than the file shows`);
}

function mismatch(why: string): OpstackError {
  return new OpstackError(
    'PlanMismatch',
    `Refusing the saved plan: ${why}. Nothing was written.`,
    `A saved plan is applied only when it is exactly what opstack would plan now. ${PLAN_AGAIN}`,
  );
}

/** The JSON form, which is what the file holds: undefined fields dropped, numbers and strings as written. */
function canonical<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
