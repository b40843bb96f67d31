import type { DesiredAutopilot, LiveAutopilot } from '../model/resources.js';
import { autopilotAttributes } from '../schema/autopilot.js';
import { AUTOPILOT_PATH } from '../schema/api-paths.js';
import { canonicalGoDuration } from '../util/go-duration.js';
import type { ResourcePlan } from './resource-plan.js';
import { autopilotNotes } from './notes/autopilot-notes.js';
import { casReplace, settingsChange } from './settings.js';

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
  const comparable = (attribute: string, value: unknown) => {
    const isDuration = attributes.find((a) => a.attribute === attribute)?.kind === 'duration';
    return isDuration && typeof value === 'string' ? (canonicalGoDuration(value) ?? value) : value;
  };
  const settings = settingsChange(desired, before, after, comparable);
  const change = { ...settings, notes: autopilotNotes(settings.changes, live.servers) };
  if (change.action === 'no-op') return { changes: [change], steps: [] };
  // The complete settings object: live values, declared ones on top, durations in Go's canonical form.
  const body = Object.fromEntries(
    attributes.map(({ field, kind }) => {
      const value = declaredValues[field] ?? liveValues[field];
      return [field, kind === 'duration' ? (canonicalGoDuration(String(value)) ?? value) : value];
    }),
  );
  const isConsul = desired.type === 'consul_autopilot_config';
  const description = isConsul
    ? `update the autopilot configuration of datacenter ${desired.datacenter}`
    : 'update the Nomad autopilot configuration';
  // Consul's resource may name another datacenter than its stack; Nomad's region is the stack's.
  const query: Record<string, string> = isConsul ? { dc: desired.datacenter } : {};
  const modifyIndex = live.config.ModifyIndex;
  const step = casReplace(desired, { description, path: AUTOPILOT_PATH, query, body, modifyIndex }, 'cas-true');
  return { changes: [change], steps: [step] };
}
