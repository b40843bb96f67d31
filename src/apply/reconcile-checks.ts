import type { ApiClients } from '../api/api-clients.js';
import { OpstackError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { liveVersion, planStacks, type StackInput } from '../plan/plan.js';
import { readLive } from '../read/read-live.js';

/** Re-reads and re-plans against what the plan wanted; anything left to change is an error. */
export async function verifyConverged(plan: Plan, clients: ApiClients): Promise<void> {
  const reads = await rereadAll(plan, clients);
  const { plan: replanned, refused } = planStacks(reads);
  if (replanned.hasChanges || refused.length > 0) {
    const changed = replanned.stacks.flatMap((s) =>
      s.changes.filter((c) => c.action !== 'no-op').map((c) => c.address),
    );
    // A refusal now means the re-read found something the guards would not plan: not converged either.
    const left = [...changed, ...refused.map((r) => r.address)];
    throw new OpstackError(
      'VerifyFailed',
      `Every step succeeded, but a re-read still finds differences in: ${left.join(', ')}.`,
      'Something changed the cluster during apply, or the server ' +
        'did not keep a value. Run `opstack plan` to see what differs.',
    );
  }
}

/** Re-reads what the plan read; refuses when any object changed since planning (another run's writes). */
export async function checkUnmoved(plan: Plan, clients: ApiClients): Promise<void> {
  const reads = await rereadAll(plan, clients);
  const moved = plan.stacks.flatMap((stack, i) =>
    stack.observed.flatMap((observation) => {
      const live = reads[i]?.live.get(observation.address);
      return (live ? liveVersion(live) : 'gone') === observation.version ? [] : [observation.address];
    }),
  );
  if (moved.length > 0) {
    throw new OpstackError(
      'PlanStale',
      `While this apply waited for the lock, another run changed what ` +
        `it planned against: ${moved.join(', ')}. Nothing was applied.`,
      'Run `opstack apply` again: it plans from the clusters as they are now.',
    );
  }
}

/** Reads every stack of the plan again; the first failure stops the check. */
async function rereadAll(plan: Plan, clients: ApiClients): Promise<StackInput[]> {
  const stacks = plan.stacks.map((s) => ({ name: s.name, target: s.target, resources: s.declared }));
  return (await readLive(stacks, clients)).map((read) => {
    if (!read.ok) throw read.error;
    return read;
  });
}
