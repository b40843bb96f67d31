import type { ApiClient } from '../api/api-client.js';
import type { NomadSchedulerLive } from '../model/nomad-scheduler.js';
import type { LiveNomadScheduler } from '../model/resources.js';
import { SCHEDULER_CONFIGURATION_PATH } from '../schema/api-paths.js';
import { SCHEDULER_ATTRIBUTES, schedulerValue } from '../schema/nomad-scheduler.js';
import { isObject, unexpectedAnswer } from './answer-shape.js';

/**
 * One GET of the scheduler configuration (nomad-operator-api.md §3.6), in the stack's region.
 * The answer nests the object in `SchedulerConfig`; its `ModifyIndex` is what `?cas=` names
 * (§6: the Go client's SchedulerCASConfiguration does the same). The answer is checked before
 * anything plans on it: every field opstack manages, where present, must have its type.
 */
export async function readNomadScheduler(client: ApiClient): Promise<LiveNomadScheduler> {
  const { value } = await client.read<{ SchedulerConfig?: unknown }>(SCHEDULER_CONFIGURATION_PATH);
  const config = typeof value === 'object' && value !== null ? value.SchedulerConfig : undefined;
  const problem = problemOf(config);
  if (problem !== undefined) throw unexpectedAnswer(client, SCHEDULER_CONFIGURATION_PATH, problem);
  return { type: 'nomad_scheduler_config', config: config as NomadSchedulerLive };
}

function problemOf(config: unknown): string | undefined {
  if (!isObject(config)) return 'no SchedulerConfig object';
  const record = config;
  if (!Number.isSafeInteger(record.ModifyIndex)) return 'SchedulerConfig.ModifyIndex is not a whole number';
  const preemption = record.PreemptionConfig;
  if (preemption !== undefined && !isObject(preemption)) return 'SchedulerConfig.PreemptionConfig is not an object';
  for (const attribute of SCHEDULER_ATTRIBUTES) {
    const found = schedulerValue(record, attribute);
    const wanted = attribute.kind === 'bool' ? 'boolean' : 'string';
    if (found !== undefined && typeof found !== wanted) {
      return `SchedulerConfig.${attribute.path.join('.')} is not a ${wanted}`;
    }
  }
  return undefined;
}
