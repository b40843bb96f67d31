import type { DesiredNomadScheduler, LiveNomadScheduler } from '../model/resources.js';
import { SCHEDULER_CONFIGURATION_PATH } from '../schema/api-paths.js';
import { resourceAddress } from '../util/resource-address.js';
import { SCHEDULER_ATTRIBUTES, schedulerValue } from '../schema/nomad-scheduler.js';
import type { PlannerResult } from './resource-plan.js';
import { casReplace, settingsChange } from './settings.js';

/**
 * Plans a declared Nomad scheduler configuration (nomad-operator-api.md §3.6). Only declared
 * attributes are compared. Nomad's PUT is a full replacement that zero-fills what it is not
 * sent, so the update sends the complete live object — also fields opstack does not know, such
 * as `NodeLimitForFeasibilityChecks` — with the declared fields on top, and `?cas=<ModifyIndex>`;
 * Nomad answers a lost race with `{"Updated":false}`. A declared attribute the server does not
 * report belongs to a newer Nomad version: planning refuses it rather than send a field the
 * server would drop.
 */
export function planNomadScheduler(desired: DesiredNomadScheduler, live: LiveNomadScheduler): PlannerResult {
  const declared = SCHEDULER_ATTRIBUTES.filter((a) => desired.declared[a.attribute] !== undefined);
  const unsupported = declared.filter((a) => schedulerValue(live.config, a) === undefined);
  if (unsupported.length > 0) {
    const names = unsupported.map((a) => `${a.attribute} (${a.path.join('.')})`).join(', ');
    const address = resourceAddress(desired);
    return {
      refusal: {
        address,
        code: 'UnsupportedByServer',
        message:
          `${address}: the Nomad servers do not report ${names} in their scheduler configuration, ` +
          'so their version does not support it.',
        hint: 'Upgrade the Nomad servers, or remove the attribute from the stack. Nothing was written.',
      },
    };
  }
  const before = Object.fromEntries(declared.map((a) => [a.attribute, schedulerValue(live.config, a)]));
  const after = Object.fromEntries(declared.map((a) => [a.attribute, desired.declared[a.attribute]]));
  const change = settingsChange(desired, before, after);
  if (change.action === 'no-op') return { changes: [change], steps: [] };
  const { CreateIndex: _created, ModifyIndex: modifyIndex, ...rest } = live.config;
  const body: Record<string, unknown> = structuredClone(rest);
  for (const attribute of declared) {
    const [field, inner] = attribute.path;
    const value = desired.declared[attribute.attribute];
    if (inner === undefined) body[field] = value;
    else body[field] = { ...(body[field] as Record<string, unknown>), [inner]: value };
  }
  const description = 'update the Nomad scheduler configuration';
  const write = { description, path: SCHEDULER_CONFIGURATION_PATH, body, modifyIndex };
  return { changes: [change], steps: [casReplace(desired, write, 'updated-true')] };
}
