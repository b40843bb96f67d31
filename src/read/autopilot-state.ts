import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../model/errors.js';
import type {
  AutopilotState,
  AutopilotStateServer,
  AutopilotUpgradeStatus,
  AutopilotZoneStatus,
} from '../model/status.js';
import { AUTOPILOT_STATE_PATH } from '../schema/api-paths.js';
import { isCount, isObject, unexpectedAnswer } from './answer-shape.js';

type Answer = Record<string, unknown>;

/**
 * `GET /v1/operator/autopilot/state` (consul-operator-api.md §4.7, Consul 1.9+): always 200, even
 * when unhealthy; `Servers` keyed by raft ID; the Enterprise `ReadReplicas`, `RedundancyZones` and
 * `Upgrade` omitted in CE. A Consul without the endpoint answers 404 (§4.8: unregistered paths):
 * null. Every field is checked before use, and server text goes through the redactor.
 */
export async function readAutopilotState(client: ApiClient): Promise<AutopilotState | null> {
  let answer: unknown;
  try {
    answer = (await client.read<unknown>(AUTOPILOT_STATE_PATH)).value;
  } catch (error) {
    if (error instanceof ApiError && error.answer.status === 404) return null;
    throw error;
  }
  const shape = new Shape(client);
  const state = shape.object(answer, 'the answer');
  const servers = shape.object(state.Servers, 'Servers');
  const byId = new Map(Object.entries(servers).map(([id, server]) => [id, shape.server(server, `Servers.${id}`)]));
  const named = (ids: unknown, where: string) => shape.texts(ids, where).map((id) => byId.get(id)?.name ?? id);
  const leader = shape.text(state.Leader, 'Leader');
  return {
    healthy: shape.flag(state.Healthy, 'Healthy'),
    failureTolerance: shape.count(state.FailureTolerance, 'FailureTolerance'),
    // CE copies FailureTolerance into it (§4.7); a server that predates the field gets the same.
    optimisticFailureTolerance: shape.count(
      state.OptimisticFailureTolerance ?? state.FailureTolerance,
      'OptimisticFailureTolerance',
    ),
    leader: leader === '' ? null : (byId.get(leader)?.name ?? leader),
    voters: named(state.Voters, 'Voters'),
    readReplicas: state.ReadReplicas === undefined ? null : named(state.ReadReplicas, 'ReadReplicas'),
    redundancyZones: state.RedundancyZones === undefined ? null : zones(shape, state.RedundancyZones, named),
    upgrade: state.Upgrade === undefined ? null : upgrade(shape, state.Upgrade, named),
    servers: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

type Named = (ids: unknown, where: string) => string[];

function zones(shape: Shape, value: unknown, named: Named): AutopilotZoneStatus[] {
  return Object.entries(shape.object(value, 'RedundancyZones'))
    .map(([name, zone]) => {
      const where = `RedundancyZones.${name}`;
      const fields = shape.object(zone, where);
      return {
        name: shape.text(name, where),
        servers: named(fields.Servers, `${where}.Servers`),
        voters: named(fields.Voters, `${where}.Voters`),
        failureTolerance: shape.count(fields.FailureTolerance, `${where}.FailureTolerance`),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function upgrade(shape: Shape, value: unknown, named: Named): AutopilotUpgradeStatus {
  const fields = shape.object(value, 'Upgrade');
  const list = (key: string) => named(fields[key], `Upgrade.${key}`);
  return {
    status: shape.text(fields.Status, 'Upgrade.Status'),
    targetVersion:
      fields.TargetVersion === undefined ? null : shape.text(fields.TargetVersion, 'Upgrade.TargetVersion'),
    targetVersionVoters: list('TargetVersionVoters'),
    targetVersionNonVoters: list('TargetVersionNonVoters'),
    targetVersionReadReplicas: list('TargetVersionReadReplicas'),
    otherVersionVoters: list('OtherVersionVoters'),
    otherVersionNonVoters: list('OtherVersionNonVoters'),
    otherVersionReadReplicas: list('OtherVersionReadReplicas'),
  };
}

/** Field checks that name the field, never its value, when the answer is not what §4.7 documents. */
class Shape {
  constructor(private readonly client: ApiClient) {}

  /** `where` may hold a key of the answer (a raft ID, a zone), so it is scrubbed too. */
  private wrong(where: string, what: string): never {
    const field = this.client.secrets.scrubServerText(where);
    throw unexpectedAnswer(this.client, AUTOPILOT_STATE_PATH, `${field} is not ${what}`);
  }

  object(value: unknown, where: string): Answer {
    return isObject(value) ? value : this.wrong(where, 'an object');
  }

  text(value: unknown, where: string): string {
    return typeof value === 'string' ? this.client.secrets.scrubServerText(value) : this.wrong(where, 'a string');
  }

  /** A list of strings; Go's nil slice (null) and an omitted one are empty. */
  texts(value: unknown, where: string): string[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value.map((v, i) => this.text(v, `${where}[${i}]`)) : this.wrong(where, 'a list');
  }

  flag(value: unknown, where: string): boolean {
    return typeof value === 'boolean' ? value : this.wrong(where, 'true or false');
  }

  count(value: unknown, where: string): number {
    return isCount(value) ? value : this.wrong(where, 'a count');
  }

  server(value: unknown, where: string): AutopilotStateServer {
    const s = this.object(value, where);
    const optional = (key: string) =>
      s[key] === undefined || s[key] === '' ? null : this.text(s[key], `${where}.${key}`);
    return {
      id: this.text(s.ID, `${where}.ID`),
      name: this.text(s.Name, `${where}.Name`),
      status: this.text(s.Status, `${where}.Status`),
      nodeStatus: this.text(s.NodeStatus, `${where}.NodeStatus`),
      healthy: this.flag(s.Healthy, `${where}.Healthy`),
      stableSince: this.text(s.StableSince, `${where}.StableSince`),
      version: this.text(s.Version, `${where}.Version`),
      readReplica: s.ReadReplica === undefined ? false : this.flag(s.ReadReplica, `${where}.ReadReplica`),
      redundancyZone: optional('RedundancyZone'),
      upgradeVersion: optional('UpgradeVersion'),
    };
  }
}
