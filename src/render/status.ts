import type { StackStatus } from '../model/status.js';
import { OPSTACK_VERSION } from '../version.js';
import { snakeCaseKeys } from '../document/json-keys.js';
import { autopilotStateLines } from './autopilot-state.js';
import type { Palette } from './palette.js';
import { table } from './table.js';
import { describeTarget } from './values.js';

/** The human view of `opstack status`. */
export function renderStatusText(statuses: readonly StackStatus[], palette: Palette): string {
  const lines: string[] = [];
  for (const entry of statuses) {
    if (!entry.ok) {
      lines.push(
        palette.bold(`Stack ${entry.stack}:`),
        palette.error(`  Error: ${entry.message}`),
        ...(entry.hint ? [`  ${entry.hint}`] : []),
        '',
      );
      continue;
    }
    const s = entry.status;
    lines.push(palette.bold(`Stack ${s.stack}: ${describeTarget(s.target)}`));
    lines.push(`  Leader: ${s.leader ?? palette.error('none')}`);
    lines.push(
      `  Autopilot: ${s.healthy ? 'healthy' : palette.error('unhealthy')}, failure tolerance ${s.failureTolerance}`,
    );
    lines.push(`  Raft peers (${s.servers.length}):`);
    const role = (leader: boolean, voter: boolean) => (leader ? 'leader' : voter ? 'voter' : 'non-voter');
    const health = (healthy: boolean | null) => (healthy === null ? 'unknown' : healthy ? 'healthy' : 'unhealthy');
    lines.push(
      ...table(
        [
          ['NAME', 'ID', 'ADDRESS', 'ROLE', 'HEALTH', 'SERF', 'LAST CONTACT'],
          ...s.servers.map((v) => [
            v.name,
            v.id,
            v.address,
            role(v.leader, v.voter),
            health(v.healthy),
            v.serfStatus ?? '-',
            v.lastContact ?? '-',
          ]),
        ],
        '    ',
      ),
    );
    if (s.autopilotState !== null) lines.push(...autopilotStateLines(s.autopilotState, palette));
    else if (s.target.product === 'consul') lines.push('  Autopilot state: not available (this Consul predates 1.9)');
    if (s.target.product === 'nomad') {
      // Nomad has no network areas.
    } else if (s.areas === null) {
      lines.push('  Network areas: not available (Consul CE has no network areas)');
    } else if (s.areas.length === 0) {
      lines.push('  Network areas: none');
    } else {
      lines.push(`  Network areas (${s.areas.length}):`);
      for (const area of s.areas) {
        lines.push(
          `    peer ${area.peerDatacenter} (ID ${area.id}, TLS ${area.useTls ? 'on' : 'off'}, ` +
            `retry_join ${area.retryJoin.join(', ') || '-'}): ${area.members.length} members`,
        );
        if (area.members.length > 0)
          lines.push(
            ...table(
              [
                ['NAME', 'ADDRESS', 'DATACENTER', 'STATUS', 'RTT', 'BUILD'],
                ...area.members.map((m) => [m.name, m.address, m.datacenter, m.status, `${m.rttMs} ms`, m.build]),
              ],
              '      ',
            ),
          );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** `opstack status --json`: versioned like the plan document. */
export function renderStatusJson(statuses: readonly StackStatus[]): string {
  const stacks = statuses.map((entry) =>
    entry.ok
      ? { ok: true, ...(snakeCaseKeys(entry.status) as object) }
      : {
          ok: false,
          stack: entry.stack,
          error: { code: entry.code, message: entry.message, hint: entry.hint ?? null },
        },
  );
  return (
    JSON.stringify({ format_version: '1.0', opstack_version: OPSTACK_VERSION, kind: 'status', stacks }, null, 2) + '\n'
  );
}
