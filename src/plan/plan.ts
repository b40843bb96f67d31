import type { Plan, PlanSummary, Refusal, ResourceChange, StackPlan } from '../model/plan.js';
import { createHash } from 'node:crypto';
import { type DesiredResource, type LiveResource } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import type { DesiredStack, LiveState } from '../model/stack.js';
import type { RequestScope } from '../model/target.js';
import { planAutopilot } from './autopilot.js';
import { planGossipKeyring } from './gossip-keyring.js';
import { planConsulAreaOwnership, planConsulNetworkArea } from './consul-network-area.js';
import { planNomadScheduler } from './nomad-scheduler.js';
import { planRaftPeersAbsent } from './raft-peers.js';
import type { PlannerResult, UnnumberedStep } from './resource-plan.js';
import { withStackNotes } from './notes/stack-notes.js';
import type { NoteSeverity } from '../model/notes.js';

/** A stack with what was read for it. */
export interface StackInput {
  readonly stack: DesiredStack;
  readonly live: LiveState;
  /**
   * The `?dc=` / `?region=` the cluster's client names on every request (for Nomad it may come
   * from NOMAD_REGION): written into each HTTP step, so a step shows the whole query apply sends.
   */
  readonly scope?: RequestScope;
}

/** A stack's plan, or every refusal that kept it from having one (nothing is planned for it then). */
export type StackPlanResult =
  | { readonly ok: true; readonly plan: StackPlan }
  | { readonly ok: false; readonly stack: string; readonly refusals: readonly Refusal[] };

/**
 * Plans every stack: pure, deterministic (stacks by name, resources by address, steps in
 * resource order). Removing a resource from a stack plans nothing: opstack does not keep state,
 * and leaves the cluster as it is. Refused stacks are left out of the plan and listed apart.
 */
export function planStacks(inputs: readonly StackInput[]): {
  readonly plan: Plan;
  readonly refused: readonly Refusal[];
} {
  const results = inputs.map(planStack);
  return {
    plan: assemblePlan(results.flatMap((r) => (r.ok ? [r.plan] : []))),
    refused: results.flatMap((r) => (r.ok ? [] : r.refusals)),
  };
}

/** A plan of stacks planned separately: in name order, with the summary. */
export function assemblePlan(stacks: readonly StackPlan[]): Plan {
  const sorted = [...stacks].sort((a, b) => a.name.localeCompare(b.name));
  return {
    stacks: sorted,
    summary: summarise(sorted.flatMap((s) => s.changes)),
    hasChanges: sorted.some((s) => s.steps.length > 0),
  };
}

/** Plans one stack; a guard's refusal of any resource (all of them are collected) refuses the stack. */
export function planStack({ stack, live, scope }: StackInput): StackPlanResult {
  const changes: ResourceChange[] = [];
  const steps: StackPlan['steps'][number][] = [];
  const observed: StackPlan['observed'][number][] = [];
  const refusals: Refusal[] = [];
  for (const resource of stack.resources) {
    const address = resourceAddress(resource);
    const current = live.get(address);
    if (current === undefined) throw new Error(`internal: no live state read for ${address}`);
    const planned = planResource(resource, current);
    if ('refusal' in planned) {
      refusals.push(planned.refusal);
      continue;
    }
    changes.push(...planned.changes);
    for (const step of planned.steps) steps.push({ ...withScope(step, scope), index: steps.length + 1 });
    observed.push({ address, datacenter: resource.datacenter, version: liveVersion(current) });
  }
  if (refusals.length > 0) return { ok: false, stack: stack.name, refusals };
  const noted = withStackNotes(stack.resources, live, changes);
  return {
    ok: true,
    plan: {
      name: stack.name,
      target: stack.target,
      declared: stack.resources,
      changes: noted,
      steps,
      observed,
      summary: summarise(noted),
    },
  };
}

/** The step with the scope first in its query, as the client sends it (a planner's own `dc` agrees). */
function withScope(step: UnnumberedStep, scope: RequestScope | undefined): UnnumberedStep {
  return step.kind === 'http' && scope ? { ...step, query: { [scope.param]: scope.value, ...step.query } } : step;
}

/** Counts changes by action, as the summary line and the Markdown table show them. */
export function summarise(changes: readonly ResourceChange[]): PlanSummary {
  const count = (action: ResourceChange['action']) => changes.filter((c) => c.action === action).length;
  const notes = changes.flatMap((c) => c.notes);
  const severity = (level: NoteSeverity) => notes.filter((n) => n.severity === level).length;
  const counts = { info: severity('info'), warning: severity('warning'), danger: severity('danger') };
  return { add: count('create'), change: count('update'), destroy: count('delete'), notes: counts };
}

/** A planner per resource type, typed so each gets its own desired and live shapes; a missing type does not compile. */
const PLANNERS: {
  readonly [T in DesiredResource['type']]: (
    desired: Extract<DesiredResource, { type: T }>,
    live: Extract<LiveResource, { type: T }>,
  ) => PlannerResult;
} = {
  consul_autopilot_config: planAutopilot,
  opstack_nomad_autopilot_config: planAutopilot,
  nomad_scheduler_config: planNomadScheduler,
  opstack_consul_gossip_keyring: planGossipKeyring,
  opstack_nomad_gossip_keyring: planGossipKeyring,
  consul_network_area: planConsulNetworkArea,
  opstack_consul_network_area_ownership: planConsulAreaOwnership,
  opstack_raft_peers_absent: planRaftPeersAbsent,
};

function planResource(resource: DesiredResource, live: LiveResource): PlannerResult {
  if (live.type !== resource.type) throw new Error(`internal: ${resourceAddress(resource)} was read as ${live.type}`);
  // The check above pairs the two; TypeScript cannot carry that pairing through the table lookup.
  const plan = PLANNERS[resource.type] as (desired: DesiredResource, live: LiveResource) => PlannerResult;
  return plan(resource, live);
}

/** The version a plan records for a live object (see Observation.version). */
export function liveVersion(live: LiveResource): string {
  switch (live.type) {
    case 'consul_autopilot_config':
    case 'opstack_nomad_autopilot_config':
    case 'nomad_scheduler_config':
      return `modify-index:${live.config.ModifyIndex}`;
    case 'opstack_consul_gossip_keyring':
    case 'opstack_nomad_gossip_keyring':
      // The keyring has no index; its pools (fingerprints and counts only) identify its state.
      return hashOf(live.pools);
    case 'consul_network_area':
      return live.area === null ? 'absent' : hashOf(live.area);
    case 'opstack_consul_network_area_ownership':
      return hashOf(live.areas);
    case 'opstack_raft_peers_absent':
      return hashOf([live.servers, live.health, live.minQuorum]);
    default: {
      const unreachable: never = live;
      return unreachable;
    }
  }
}

function hashOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;
}
