import type { ConsulAutopilotSettings } from '../model/autopilot.js';
import type { StackPlan } from '../model/plan.js';
import type { DesiredResource } from '../model/resources.js';
import type { DesiredStack } from '../model/stack.js';
import { CONSUL_AUTOPILOT_ATTRIBUTES } from '../schema/consul-autopilot.js';

/**
 * The desired state a plan was made for, rebuilt from the plan itself: each resource's `after`
 * holds exactly its declared attributes. Apply uses it to re-read (stale check) and to verify
 * that nothing is left to change, also for a saved plan, without running the cdktf app again.
 */
export function desiredFromPlan(stack: StackPlan): DesiredStack {
  const resources: DesiredResource[] = stack.changes.map((change) => {
    const observation = stack.observed.find((o) => o.address === change.address);
    if (!observation) throw new Error(`internal: the plan observed nothing for ${change.address}`);
    const declared: Partial<Record<keyof ConsulAutopilotSettings, unknown>> = {};
    for (const { attribute, field } of CONSUL_AUTOPILOT_ATTRIBUTES) {
      if (change.after?.[attribute] !== undefined) declared[field] = change.after[attribute];
    }
    return {
      stack: stack.name,
      type: change.type,
      name: change.name,
      constructPath: change.constructPath,
      datacenter: observation.datacenter,
      declared: declared as Partial<ConsulAutopilotSettings>,
    };
  });
  return { name: stack.name, target: stack.target, resources };
}
