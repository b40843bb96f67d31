import type { ApiClient } from '../api/api-client.js';
import { describeConnection } from '../api/connection.js';
import { OpstackError } from '../model/errors.js';
import { AGENT_MEMBERS_PATH } from '../schema/api-paths.js';
import { isCount, isMapOf, isObject, unexpectedAnswer } from './answer-shape.js';
import { NOMAD_POOL } from './nomad-keyring.js';

/** One member of a gossip pool as the agent's serf sees it. */
export interface SerfMember {
  readonly name: string;
  /** The keyring pool it belongs to, named as `KeyringPool.name` is (`WAN`, `dc1 LAN`, Nomad's one pool). */
  readonly pool: string;
  /** `alive`, `leaving`, `left`, `failed`, `none`, or `status <n>` for a number Consul does not document. */
  readonly status: string;
}

/** Members are read on a path that already failed, to explain it: one attempt, and a failure is said, not retried. */
const ONCE = () => false;

/** serf.MemberStatus as Consul's API sends it, a number (Consul's api/agent.go AgentMember.Status). */
const CONSUL_STATUS = ['none', 'alive', 'leaving', 'left', 'failed'];

/**
 * Consul's serf members of the agent's LAN pool (`?segment=_all`, every segment, as `consul members`
 * asks) and/or of the WAN pool (`?wan=1`), one GET each. Only the agent's own datacenter's LAN pool
 * can be listed: `/v1/agent/members` is agent-local. A list without the agent itself means the token
 * may not read nodes (Consul filters instead of refusing), which is an error here, not "no members".
 */
export async function readConsulMembers(
  client: ApiClient,
  which: { lan: boolean; wan: boolean },
): Promise<SerfMember[]> {
  const reads: { query: Record<string, string>; wan: boolean }[] = [
    ...(which.lan ? [{ query: { segment: '_all' }, wan: false }] : []),
    ...(which.wan ? [{ query: { wan: '1' }, wan: true }] : []),
  ];
  const lists = await Promise.all(
    reads.map(async ({ query, wan }) =>
      consulMembers(client, (await client.read<unknown>(AGENT_MEMBERS_PATH, query, [200], ONCE)).value, wan),
    ),
  );
  return lists.flat();
}

function consulMembers(client: ApiClient, answer: unknown, wan: boolean): SerfMember[] {
  // A Go nil slice: a real consul 1.21 with its WAN pool off (ports.serf_wan = -1) answered ?wan=1 with null.
  if (answer === null) return [];
  if (!Array.isArray(answer)) throw unexpectedAnswer(client, AGENT_MEMBERS_PATH, 'expected a list of members');
  const bad = answer.findIndex((m) => !isConsulMember(m));
  if (bad >= 0)
    throw unexpectedAnswer(client, AGENT_MEMBERS_PATH, `member ${bad + 1} lacks a Name, a numeric Status or text Tags`);
  const list = answer as ConsulMember[];
  if (list.length === 0) throw hiddenMembers(client);
  const scrub = (text: string) => client.secrets.scrubServerText(text);
  return list.map((m) => ({
    name: scrub(m.Name),
    pool: wan ? 'WAN' : scrub(lanPool(m.Tags ?? {})),
    status: CONSUL_STATUS[m.Status] ?? `status ${m.Status}`,
  }));
}

/** The fields of a `/v1/agent/members` entry opstack uses (serf.Member, Consul's api.AgentMember). */
interface ConsulMember {
  Name: string;
  Status: number;
  Tags?: Record<string, string> | null;
}

const isConsulMember = (m: unknown): m is ConsulMember =>
  isObject(m) &&
  typeof m.Name === 'string' &&
  isCount(m.Status) &&
  (m.Tags === undefined || m.Tags === null || isMapOf(m.Tags, (v) => typeof v === 'string'));

/** The LAN pool's name as the keyring reader names it: `dc1 LAN`, `dc1 LAN [segment: x]`. */
function lanPool(tags: Readonly<Record<string, string>>): string {
  return `${tags.dc ?? '?'} LAN${tags.segment ? ` [segment: ${tags.segment}]` : ''}`;
}

function hiddenMembers(client: ApiClient): OpstackError {
  return new OpstackError(
    'AclDenied',
    `${describeConnection(client.connection)} listed no serf members: the token may not read nodes (node:read).`,
  );
}

/**
 * Nomad's serf members: one pool of every region's servers (`nomad server members`), `Status` as text.
 * Needs `node:read`; a token without it is refused (403), as the client reports.
 */
export async function readNomadMembers(client: ApiClient): Promise<SerfMember[]> {
  const { value } = await client.read<unknown>(AGENT_MEMBERS_PATH, {}, [200], ONCE);
  const members = isObject(value) ? value.Members : undefined;
  if (
    !Array.isArray(members) ||
    members.some((m) => !isObject(m) || typeof m.Name !== 'string' || typeof m.Status !== 'string')
  )
    throw unexpectedAnswer(client, AGENT_MEMBERS_PATH, 'expected Members with Name and Status');
  return (members as { Name: string; Status: string }[]).map((m) => ({
    name: client.secrets.scrubServerText(m.Name),
    pool: NOMAD_POOL,
    status: client.secrets.scrubServerText(m.Status),
  }));
}
