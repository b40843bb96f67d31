import type { AutopilotState, AutopilotUpgradeStatus } from '../model/status.js';
import type { Palette } from './palette.js';
import { table } from './table.js';

const list = (names: readonly string[]) => (names.length === 0 ? '-' : names.join(', '));

/**
 * The `Autopilot state` section of `opstack status` (Consul, consul-operator-api.md §4.7): failure
 * tolerance and its optimistic form, the voters in autopilot's order, then per server its status
 * and since when it is stable; read replicas, redundancy zones and upgrade where Enterprise
 * reports them.
 */
export function autopilotStateLines(state: AutopilotState, palette: Palette): string[] {
  const health = state.healthy ? 'healthy' : palette.error('unhealthy');
  const lines = [
    `  Autopilot state: ${health}, failure tolerance ${state.failureTolerance} ` +
      `(optimistic ${state.optimisticFailureTolerance}), leader ${state.leader ?? palette.error('none')}`,
    `    Voters (${state.voters.length}): ${list(state.voters)}`,
  ];
  if (state.readReplicas !== null)
    lines.push(`    Read replicas (${state.readReplicas.length}): ${list(state.readReplicas)}`);
  const zoned = state.servers.some((s) => s.redundancyZone !== null);
  const upgrading = state.servers.some((s) => s.upgradeVersion !== null);
  // The time last: the only column whose width varies from run to run.
  const header = ['NAME', 'STATUS', 'SERF', 'HEALTH', 'VERSION', ...(zoned ? ['ZONE'] : []), 'STABLE SINCE'];
  const rows = state.servers.map((s) => [
    s.name + (s.readReplica ? ' (read replica)' : ''),
    s.status,
    s.nodeStatus,
    s.healthy ? 'healthy' : 'unhealthy',
    upgrading && s.upgradeVersion !== null && s.upgradeVersion !== s.version
      ? `${s.version} (upgrade ${s.upgradeVersion})`
      : s.version,
    ...(zoned ? [s.redundancyZone ?? '-'] : []),
    s.healthy ? s.stableSince : '-',
  ]);
  lines.push(...table([header, ...rows], '    '));
  if (state.redundancyZones !== null) {
    lines.push(`    Redundancy zones (${state.redundancyZones.length}):`);
    const zoneRows = state.redundancyZones.map((z) => [
      z.name,
      list(z.servers),
      list(z.voters),
      String(z.failureTolerance),
    ]);
    lines.push(...table([['ZONE', 'SERVERS', 'VOTERS', 'FAILURE TOLERANCE'], ...zoneRows], '      '));
  }
  if (state.upgrade !== null) lines.push(...upgradeLines(state.upgrade));
  return lines;
}

/** `Upgrade: idle, target version 1.22.0`, then each non-empty group of servers. */
function upgradeLines(upgrade: AutopilotUpgradeStatus): string[] {
  const target = upgrade.targetVersion === null ? '' : `, target version ${upgrade.targetVersion}`;
  const groups: [string, readonly string[]][] = [
    ['target-version voters', upgrade.targetVersionVoters],
    ['target-version non-voters', upgrade.targetVersionNonVoters],
    ['target-version read replicas', upgrade.targetVersionReadReplicas],
    ['other-version voters', upgrade.otherVersionVoters],
    ['other-version non-voters', upgrade.otherVersionNonVoters],
    ['other-version read replicas', upgrade.otherVersionReadReplicas],
  ];
  const shown = groups.filter(([, names]) => names.length > 0).map(([what, names]) => `      ${what}: ${list(names)}`);
  return [`    Upgrade: ${upgrade.status}${target}`, ...shown];
}
