import type { ResourceChange } from '../model/plan.js';
import { type DesiredAutopilot, type LiveAutopilot } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import { autopilotAttributes } from '../schema/autopilot.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';
import { canonicalGoDuration } from '../util/go-duration.js';
import { diffAttributes } from './attribute-diff.js';
import { identityOf, type ResourcePlan } from './resource-plan.js';

/**
 * Plans a declared autopilot configuration (Consul's or Nomad's) against the live one. Only
 * declared attributes are compared. The update sends the complete live object with the declared
 * fields overlaid — Consul resets omitted fields to defaults (consul-operator-api.md §4.5) and
 * Nomad to zero (nomad-operator-api.md §3.4) — guarded by `?cas=<ModifyIndex>` so a concurrent
 * change makes the write fail instead of being overwritten.
 */
export function planAutopilot(desired: DesiredAutopilot, live: LiveAutopilot): ResourcePlan {
  const attributes = autopilotAttributes(desired.type);
  const declaredValues = desired.declared as Readonly<Record<string, unknown>>;
  const liveValues = live.config as Readonly<Record<string, unknown>>;
  const declared = attributes.filter((a) => declaredValues[a.field] !== undefined);
  const before = Object.fromEntries(declared.map((a) => [a.attribute, liveValues[a.field]]));
  const after = Object.fromEntries(declared.map((a) => [a.attribute, declaredValues[a.field]]));
  const comparable = (attribute: string, value: unknown) =>
    attributes.find((a) => a.attribute === attribute)?.kind === 'duration' && typeof value === 'string' ? (canonicalGoDuration(value) ?? value) : value;
  const changes = diffAttributes(before, after, comparable);
  const address = resourceAddress(desired);
  const change: ResourceChange = {
    ...identityOf(desired),
    action: changes.length > 0 ? 'update' : 'no-op',
    before,
    after,
    changes,
    unchangedCount: declared.length - changes.length,
    notes: [],
  };
  if (changes.length === 0) return { changes: [change], steps: [] };
  // The complete settings object: live values, declared ones on top, durations in Go's canonical form.
  const body = Object.fromEntries(
    attributes.map(({ field, kind }) => {
      const value = declaredValues[field] ?? liveValues[field];
      return [field, kind === 'duration' ? (canonicalGoDuration(String(value)) ?? value) : value];
    }),
  );
  const isConsul = desired.type === 'consul_autopilot_config';
  return {
    changes: [change],
    steps: [
      {
        kind: 'http',
        address,
        description: isConsul ? `update the autopilot configuration of datacenter ${desired.datacenter}` : 'update the Nomad autopilot configuration',
        method: 'PUT',
        path: AUTOPILOT_PATH,
        // Consul's resource may name another datacenter than its stack; Nomad's region is the stack's.
        query: { ...(isConsul ? { dc: desired.datacenter } : {}), cas: String(live.config.ModifyIndex) },
        body,
        precondition: { kind: 'cas', modifyIndex: live.config.ModifyIndex },
        expect: 'cas-true',
      },
    ],
  };
}
