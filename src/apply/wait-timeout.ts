import type { ApiClient } from '../api/api-client.js';
import { type KeyringUnansweredError, OpstackError } from '../model/errors.js';
import type { WaitStep } from '../model/plan.js';
import { lanDatacenterOf } from '../read/consul-keyring.js';
import { NOMAD_POOL } from '../read/nomad-keyring.js';
import { readConsulMembers, readNomadMembers, type SerfMember } from '../read/serf-members.js';
import { formatGoDuration } from '../util/go-duration.js';
import { describeCoverage, describeNodeMessages, type PoolCoverage } from './keyring-gates.js';

/**
 * The errors a keyring wait ends with when its timeout passes. They name the nodes that lag: the ones
 * the keyring answer names (`Messages`), the serf members that are not alive, and — since neither
 * Consul's nor Nomad's keyring API says which node lacks a key — how many more there are and where
 * to look. Serf members are read here, once, only when a wait gave up: a wait that converges costs
 * no extra request.
 */

const HINT =
  'Check the nodes that lag (are they up, is their serf healthy?), then run apply again: ' +
  'it continues from where the keyring is. Raise --wait-timeout for large datacenters.';

/** The condition still does not hold in some pool. */
export async function notConvergedError(
  step: WaitStep,
  coverage: readonly PoolCoverage[],
  client: ApiClient,
  waitTimeoutMs: number,
): Promise<OpstackError> {
  const short = coverage.filter((c) => c.have < c.total);
  const members = await serfMembers(
    client,
    short.map((c) => c.pool),
  );
  const nodes = describeNodeMessages(coverage);
  const parts = [
    `${describeCoverage(coverage)}.`,
    ...(nodes.length ? [`Nodes reporting problems: ${atMostTen(nodes, '')}.`] : []),
    ...notAlive(members, 'Not alive in serf, so not counted, and they miss every change until they rejoin', client),
    ...short.flatMap((c) => {
      const named = Object.keys(c.messages).length;
      return unnamed(client, c.pool, c.total - c.have - named, named > 0);
    }),
  ];
  return new OpstackError('KeyringNotConverged', `${gaveUp(step, waitTimeoutMs)}${parts.join(' ')}`, HINT);
}

/** The keyring list kept failing because some member did not answer (observed-real-servers.md §3). */
export async function unansweredError(
  step: WaitStep,
  error: KeyringUnansweredError,
  client: ApiClient,
  waitTimeoutMs: number,
): Promise<OpstackError> {
  const members = await serfMembers(
    client,
    error.pools.map((p) => p.pool),
  );
  const down = 'members' in members ? members.members.filter((m) => m.status !== 'alive') : undefined;
  const parts = [
    error.message,
    ...notAlive(members, 'Not alive in serf', client),
    ...error.pools.flatMap((p) => {
      const named = (down ?? []).filter((m) => m.pool === p.pool).length;
      return silent(client, p.pool, p.total - p.answered - named, { more: named > 0, seenAlive: down !== undefined });
    }),
  ];
  return new OpstackError(error.code, `${gaveUp(step, waitTimeoutMs)}${parts.join(' ')}`, error.hint);
}

function gaveUp(step: WaitStep, waitTimeoutMs: number): string {
  const after = formatGoDuration(BigInt(waitTimeoutMs) * 1_000_000n);
  return `${step.address}: gave up after ${after} waiting ${step.description.replace(/^wait /, '')}: `;
}

type Members = { members: SerfMember[] } | { unknown: string };

/** The members of the pools that lag, as far as the agent can list them; a failed read is said, not thrown. */
async function serfMembers(client: ApiClient, pools: readonly string[]): Promise<Members> {
  try {
    if (client.connection.product === 'nomad') return { members: await readNomadMembers(client) };
    const lan = pools.some((p) => lanDatacenterOf(p) !== undefined);
    return { members: await readConsulMembers(client, { lan, wan: pools.includes('WAN') }) };
  } catch (error) {
    if (!(error instanceof OpstackError)) throw error;
    return { unknown: error.message };
  }
}

/**
 * The first ten of `items`, `; `-separated, and a count of the rest: Consul keeps failed members
 * for 72 h and a keyring answer may carry a message per node, so a large datacenter could put
 * thousands into one line. `where` says what lists them all.
 */
function atMostTen(items: readonly string[], where: string): string {
  const rest = items.length - 10;
  return `${items.slice(0, 10).join('; ')}${rest > 0 ? `; and ${rest} more${where}` : ''}`;
}

function notAlive(members: Members, lead: string, client: ApiClient): string[] {
  if ('unknown' in members) return [`Serf members could not be read: ${members.unknown.replace(/\.?$/, '.')}`];
  const down = members.members.filter((m) => m.status !== 'alive');
  if (down.length === 0) return [];
  // Nomad has one pool, so its name would only repeat itself.
  const where = (m: SerfMember) => (m.pool === NOMAD_POOL ? '' : `${m.pool}, `);
  const named = down.map((m) => `${nodeLabel(m.name)} (${where(m)}${nodeLabel(m.status)})`);
  const command = client.connection.product === 'consul' ? 'consul members' : 'nomad server members';
  return [`${lead}: ${atMostTen(named, ` (\`${command}\` lists them)`)}.`];
}

/** How many counted nodes lack the change without any answer naming them, and where to look. */
function unnamed(client: ApiClient, pool: string, count: number, more: boolean): string[] {
  if (count <= 0) return [];
  const product = client.connection.product === 'consul' ? 'Consul' : 'Nomad';
  return [
    `${nodes(count, more)} in ${pool} ${count === 1 ? 'has' : 'have'} not caught up, and ${product} does not say ` +
      `which: ${keyringFile(client, pool)}.`,
  ];
}

/** How many nodes did not answer without serf reporting them down, and which command shows when it does. */
function silent(client: ApiClient, pool: string, count: number, opts: { more: boolean; seenAlive: boolean }): string[] {
  if (count <= 0) return [];
  const command =
    client.connection.product === 'nomad'
      ? 'nomad server members'
      : pool === 'WAN'
        ? 'consul members -wan'
        : 'consul members';
  const alive = opts.seenAlive ? ` while serf still reports ${count === 1 ? 'it' : 'them'} alive` : '';
  return [
    `${nodes(count, opts.more)} in ${pool} did not answer${alive} (a node that just died is still counted for ` +
      `25–45 s): \`${command}\` shows when serf marks ${count === 1 ? 'it' : 'them'} failed.`,
  ];
}

const nodes = (count: number, more: boolean) => `${count}${more ? ' more' : ''} node${count === 1 ? '' : 's'}`;

/** Where each agent keeps its keyring (unless `disable_keyring_file`): the one place that says which keys it holds. */
function keyringFile(client: ApiClient, pool: string): string {
  if (client.connection.product === 'nomad')
    return '`cat <data_dir>/server/serf.keyring` on each server lists its keys';
  return pool === 'WAN'
    ? '`cat <data_dir>/serf/remote.keyring` on each server lists its WAN keys'
    : '`cat <data_dir>/serf/local.keyring` on each agent lists its keys';
}

/** A server-given name as it is when plain, JSON-quoted otherwise, so no control character reaches a terminal. */
const nodeLabel = (text: string) => (/^[\w.:@-]+$/.test(text) ? text : JSON.stringify(text));
