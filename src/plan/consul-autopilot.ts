import type { ConsulAutopilotLive, ConsulAutopilotSettings } from '../model/autopilot.js';
import type { ResourceChange } from '../model/plan.js';
import type { ResourcePlan } from './resource-plan.js';
import { type DesiredConsulAutopilot, type LiveConsulAutopilot, resourceAddress } from '../model/resources.js';
import { CONSUL_AUTOPILOT_ATTRIBUTES } from '../schema/consul-autopilot.js';
import { AUTOPILOT_PATH } from '../schema/consul-paths.js';
import { canonicalGoDuration } from '../util/go-duration.js';
import { diffAttributes } from './attribute-diff.js';


/**
 * Plans a declared autopilot configuration against the live one. Only declared attributes are
 * compared. The update sends the complete live object with the declared fields overlaid, because
 * Consul resets omitted fields to defaults (consul-operator-api.md §4.5), guarded by
 * `?cas=<ModifyIndex>` so a concurrent change makes the write fail instead of being overwritten.
 */
export function planConsulAutopilot(desired: DesiredConsulAutopilot, live: LiveConsulAutopilot): ResourcePlan {
  const declared = CONSUL_AUTOPILOT_ATTRIBUTES.filter((a) => desired.declared[a.field] !== undefined);
  const before = Object.fromEntries(declared.map((a) => [a.attribute, live.config[a.field]]));
  const after = Object.fromEntries(declared.map((a) => [a.attribute, desired.declared[a.field]]));
  const changes = diffAttributes(before, after, comparableAutopilotValue);
  const address = resourceAddress(desired);
  const change: ResourceChange = {
    address,
    stack: desired.stack,
    type: desired.type,
    name: desired.name,
    constructPath: desired.constructPath,
    action: changes.length > 0 ? 'update' : 'no-op',
    before,
    after,
    changes,
    unchangedCount: declared.length - changes.length,
    notes: [],
  };
  if (changes.length === 0) return { changes: [change], steps: [] };
  return {
    changes: [change],
    steps: [
      {
        kind: 'http',
        address,
        description: `update the autopilot configuration of datacenter ${desired.datacenter}`,
        method: 'PUT',
        path: AUTOPILOT_PATH,
        query: { dc: desired.datacenter, cas: String(live.config.ModifyIndex) },
        body: overlay(live.config, desired.declared),
        precondition: { kind: 'cas', modifyIndex: live.config.ModifyIndex },
        expect: 'cas-true',
      },
    ],
  };
}

/** The complete settings object: live values, declared ones on top, durations in Go's canonical form. */
function overlay(live: ConsulAutopilotLive, declared: Partial<ConsulAutopilotSettings>): ConsulAutopilotSettings {
  const body = {} as Record<string, unknown>;
  for (const { field, kind } of CONSUL_AUTOPILOT_ATTRIBUTES) {
    const value = declared[field] ?? live[field];
    body[field] = kind === 'duration' ? (canonicalGoDuration(String(value)) ?? value) : value;
  }
  return body as unknown as ConsulAutopilotSettings;
}

function comparableAutopilotValue(attribute: string, value: unknown): unknown {
  const kind = CONSUL_AUTOPILOT_ATTRIBUTES.find((a) => a.attribute === attribute)?.kind;
  return kind === 'duration' && typeof value === 'string' ? (canonicalGoDuration(value) ?? value) : value;
}
