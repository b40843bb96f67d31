import type { Note } from '../../model/notes.js';
import type { AttributeChange } from '../../model/plan.js';
import type { AutopilotServer } from '../../model/resources.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { isAre, listOf } from './words.js';

/** Below these, autopilot's view of server health flaps (the Consul and Nomad defaults are 200ms and 10s). */
const MIN_LAST_CONTACT_NS = 100_000_000n;
const MIN_STABILIZATION_NS = 5_000_000_000n;

const isFailed = (s: AutopilotServer) => s.SerfStatus === 'failed' || s.SerfStatus === 'left';

/**
 * Risks of an autopilot change, from the changed attributes and autopilot health (null when it
 * was not read: then only the notes that need no health are given). Only what changes is judged:
 * a setting left as it is was already there before this plan.
 */
export function autopilotNotes(
  changes: readonly AttributeChange[],
  servers: readonly AutopilotServer[] | null,
): Note[] {
  const notes: Note[] = [];
  const changed = (attribute: string) => changes.find((c) => c.attribute === attribute);
  const minQuorum = changed('min_quorum');
  const voters = servers?.filter((s) => s.Voter).length;
  if (minQuorum && voters !== undefined && Number(minQuorum.after) > voters) {
    notes.push({
      code: 'min-quorum-above-voters',
      severity: 'warning',
      message:
        `MinQuorum ${String(minQuorum.after)} is greater than the ${voters} voters: ` +
        'autopilot will never remove a dead server',
    });
  }
  const failed =
    servers
      ?.filter(isFailed)
      .map((s) => s.Name)
      .sort() ?? [];
  if (changed('cleanup_dead_servers')?.after === false && failed.length > 0) {
    notes.push({
      code: 'cleanup-off-with-failed-server',
      severity: 'warning',
      message:
        `CleanupDeadServers is turned off while ${listOf(failed)} ${isAre(failed.length)} failed: ` +
        `autopilot will not remove ${failed.length === 1 ? 'it' : 'them'}`,
    });
  }
  const below = (attribute: string, floor: bigint) => {
    const value = changed(attribute)?.after;
    if (typeof value !== 'string') return undefined;
    const duration = nanos(value);
    return duration !== undefined && duration < floor ? value : undefined;
  };
  const contact = below('last_contact_threshold', MIN_LAST_CONTACT_NS);
  if (contact !== undefined) {
    notes.push({
      code: 'last-contact-threshold-low',
      severity: 'warning',
      message: `LastContactThreshold ${contact} is below 100ms: healthy servers will flap on ordinary latency`,
    });
  }
  const stabilization = below('server_stabilization_time', MIN_STABILIZATION_NS);
  if (stabilization !== undefined) {
    notes.push({
      code: 'stabilization-time-short',
      severity: 'warning',
      message: `ServerStabilizationTime ${stabilization} is below 5s: a new server may be promoted before it is stable`,
    });
  }
  const trailing = changed('max_trailing_logs');
  if (trailing && servers && Number(trailing.after) < Number(trailing.before)) {
    notes.push(...lagNotes(Number(trailing.after), servers));
  }
  return notes;
}

/** Followers further behind the leader than the new MaxTrailingLogs become unhealthy at once. */
function lagNotes(maxTrailingLogs: number, servers: readonly AutopilotServer[]): Note[] {
  const leader = servers.find((s) => s.Leader);
  if (!leader) return [];
  const lagging = servers
    .filter((s) => !s.Leader && !isFailed(s) && leader.LastIndex - s.LastIndex > maxTrailingLogs)
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((s) => `${s.Name} (${leader.LastIndex - s.LastIndex} entries behind)`);
  if (lagging.length === 0) return [];
  return [
    {
      code: 'max-trailing-logs-below-lag',
      severity: 'warning',
      message:
        `MaxTrailingLogs is lowered to ${maxTrailingLogs}, below the lag of ${listOf(lagging)}: ` +
        `autopilot will report ${lagging.length === 1 ? 'it' : 'them'} unhealthy`,
    },
  ];
}

function nanos(duration: string): bigint | undefined {
  try {
    return parseGoDuration(duration);
  } catch {
    return undefined;
  }
}
