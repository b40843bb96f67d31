import type { ApiClient } from '../api/api-client.js';
import type { ApiClients } from '../api/api-clients.js';
import { singletonKey, twoOf } from '../desired/singletons.js';
import { OpstackError } from '../model/errors.js';
import type { DesiredResource, LiveResource } from '../model/resources.js';
import type { DesiredStack, LiveState } from '../model/stack.js';
import { normaliseBaseUrl } from '../util/cluster-address.js';
import { resourceAddress } from '../util/resource-address.js';
import { lanDatacenterOf } from './consul-keyring.js';
import { readServerHealth } from './raft-and-health.js';
import type { StackRead } from './read-live.js';

/** A stack refused because one of its declarations reaches the same live object as another's. */
export interface SharedObjectRefusal {
  readonly stack: string;
  readonly error: OpstackError;
}

/** One declaration, where its requests go. */
interface Claim {
  readonly stack: DesiredStack;
  readonly resource: DesiredResource;
  readonly client: ApiClient;
  readonly endpoint: string;
  /** Keyrings only: the LAN pools (by datacenter) and whether the WAN pool is among what the read reached. */
  readonly pools?: { readonly lan: readonly string[]; readonly wan: boolean };
  /** The raft server IDs the stack's own read already listed (autopilot health), in the resource's datacenter. */
  readonly serverIds?: readonly string[];
}

const DECLARE_ONCE =
  'Declare it once. Two addresses (an agent, a load balancer, another server) can still reach one cluster.';

/**
 * Finds declarations that the live clusters show to be one object, which the loader's check of
 * normalised addresses cannot see: two addresses that reach the same datacenter or region (their
 * autopilot health lists the same raft server IDs, consul-operator-api.md §4.6,
 * nomad-operator-api.md §3.5), and two gossip keyrings whose reads reach the same pools — a keyring
 * read and write reach every pool of the WAN federation (§4.4: WAN, then every datacenter's LAN),
 * so two keyrings in one federation rotate each other's keys back on every apply. Both stacks of
 * each pair are refused, naming both construct paths. Only candidate pairs cost a request: one
 * autopilot health GET per address and datacenter, and none when two keyrings share an address.
 */
export async function findSharedObjects(
  reads: readonly StackRead[],
  clients: ApiClients,
): Promise<SharedObjectRefusal[]> {
  const claims = reads.flatMap((read) =>
    read.ok ? read.stack.resources.map((resource) => claimOf(read.stack, resource, read.live, clients)) : [],
  );
  const pairs = claims.flatMap((a, i) => claims.slice(i + 1).flatMap((b) => (mayShare(a, b) ? [[a, b] as const] : [])));
  const servers = new ServerIds();
  const verdicts = await Promise.all(pairs.map(([a, b]) => verdictOf(a, b, servers)));
  const refusals = verdicts.flatMap((error, i) => {
    const [a, b] = pairs[i] ?? [];
    return error && a && b ? [a, b].map((claim) => ({ stack: claim.stack.name, error })) : [];
  });
  // A stack is refused once, for the first object it shares.
  return refusals.filter((refusal, i) => refusals.findIndex((r) => r.stack === refusal.stack) === i);
}

function claimOf(stack: DesiredStack, resource: DesiredResource, live: LiveState, clients: ApiClients): Claim {
  const client = clients.for(stack.target);
  const endpoint = normaliseBaseUrl(client.connection.baseUrl);
  const read = live.get(resourceAddress(resource));
  if (read?.type === 'opstack_consul_gossip_keyring') {
    const lan = read.pools.flatMap((pool) => lanDatacenterOf(pool.name) ?? []);
    return { stack, resource, client, endpoint, pools: { lan, wan: read.pools.some((pool) => pool.name === 'WAN') } };
  }
  const serverIds = read ? serverIdsIn(read) : undefined;
  return { stack, resource, client, endpoint, ...(serverIds ? { serverIds } : {}) };
}

/** Raft server IDs a read holds already: health read for a risk note, or for the raft guards. */
function serverIdsIn(live: LiveResource): readonly string[] | undefined {
  switch (live.type) {
    case 'consul_autopilot_config':
    case 'opstack_nomad_autopilot_config':
      return live.servers?.map((server) => server.ID);
    case 'opstack_raft_peers_absent':
      return Object.keys(live.health);
    default:
      return undefined;
  }
}

/** Whether two declarations could be one object; the servers decide (verdictOf). */
function mayShare(a: Claim, b: Claim): boolean {
  if (a.resource.type !== b.resource.type || a.stack.target.product !== b.stack.target.product) return false;
  // One address, one object: the loader has refused the pair already.
  if (a.endpoint === b.endpoint && singletonKey(a.resource) === singletonKey(b.resource)) return false;
  if (a.pools && b.pools) return sharedPools(a, b).length > 0;
  if (singletonKey(a.resource) === singletonKey(b.resource)) return true;
  // A Nomad stack without a region reaches the agent's own region, which may be the other's.
  return a.stack.target.product === 'nomad' && (a.resource.datacenter === '' || b.resource.datacenter === '');
}

/** The pools both keyring reads reached: WAN when both did, and each LAN pool of a datacenter both list. */
function sharedPools(a: Claim, b: Claim): string[] {
  const lan = (a.pools?.lan ?? []).filter((dc) => b.pools?.lan.includes(dc));
  return lan.length === 0 ? [] : [...(a.pools?.wan && b.pools?.wan ? ['WAN'] : []), ...lan.map((dc) => `${dc} LAN`)];
}

const where = (claim: Claim) => `${claim.resource.constructPath} (at ${claim.endpoint})`;

/** The refusal when the servers show the two declarations to be one object; undefined when they are not. */
async function verdictOf(a: Claim, b: Claim, servers: ServerIds): Promise<OpstackError | undefined> {
  try {
    if (a.pools) {
      // One agent answers both reads; else the servers of a datacenter whose LAN pool both reads list decide.
      const datacenter = a.pools.lan.find((dc) => b.pools?.lan.includes(dc)) ?? a.resource.datacenter;
      const same = a.endpoint === b.endpoint || (await servers.inCommon(a, b, datacenter)) > 0;
      return same ? sharedKeyring(a, b) : undefined;
    }
    const common =
      a.resource.type === 'opstack_nomad_gossip_keyring'
        ? await servers.inFederation(a, b)
        : await servers.inCommon(a, b);
    if (common === 0) return undefined;
    const ids = `${common} raft server ID${common === 1 ? '' : 's'} in common`;
    return new OpstackError(
      'DuplicateDeclaration',
      `${twoOf(a.resource)}: ${where(a)} and ${where(b)} reach the same servers (${ids}).`,
      DECLARE_ONCE,
    );
  } catch (error) {
    if (!(error instanceof OpstackError)) throw error;
    return new OpstackError(
      error.code,
      `Cannot tell whether ${where(a)} and ${where(b)} declare the same object: ${error.message}`,
      'opstack compares the raft server IDs autopilot health lists (the token needs operator:read), ' +
        'so that two addresses of one cluster cannot each manage it.',
    );
  }
}

function sharedKeyring(a: Claim, b: Claim): OpstackError {
  return new OpstackError(
    'DuplicateDeclaration',
    `Two gossip keyrings for the same gossip pools: ${where(a)} and ${where(b)} ` +
      `both reach ${sharedPools(a, b).join(', ')}. A keyring write reaches every pool its agent reaches ` +
      '(with a WAN pool, the whole federation, whatever the datacenter), ' +
      "so each apply would rotate the other's keys back.",
    'Declare the keyring once per WAN federation, in one stack (its datacenter does not matter: it reaches them all).',
  );
}

/** Raft server IDs per address and datacenter (or region), each read once however many pairs need it. */
class ServerIds {
  private readonly reads = new Map<string, Promise<readonly string[]>>();

  /** How many servers both list in `scope` (default: each in its own datacenter or region). */
  async inCommon(a: Claim, b: Claim, scope?: string): Promise<number> {
    const [x, y] = await Promise.all([this.of(a, scope), this.of(b, scope)]);
    return x.filter((id) => y.includes(id)).length;
  }

  /**
   * Nomad's gossip keyring spans every federated region (nomad-operator-api.md §3.8): the same
   * region's servers, or `b`'s region as `a`'s agent reaches it (`?region=` forwards within a
   * federation; another federation has no path to it).
   */
  async inFederation(a: Claim, b: Claim): Promise<number> {
    const own = await this.inCommon(a, b);
    const region = b.resource.datacenter;
    if (own > 0 || region === '' || region === a.resource.datacenter) return own;
    const unreachable = (error: unknown) => {
      if (error instanceof OpstackError && error.code === 'NoPathToDatacenter') return [];
      throw error;
    };
    const [x, y] = await Promise.all([this.of(a, region).catch(unreachable), this.of(b)]);
    return x.filter((id) => y.includes(id)).length;
  }

  /** Consul: `?dc=` (default the resource's); Nomad: `?region=` (default the stack's own, or the agent's). */
  private of(claim: Claim, scope = claim.resource.datacenter): Promise<readonly string[]> {
    if (claim.serverIds && scope === claim.resource.datacenter) return Promise.resolve(claim.serverIds);
    const own = scope === claim.resource.datacenter;
    const query: Record<string, string> =
      claim.stack.target.product === 'consul' ? { dc: scope } : own ? {} : { region: scope };
    const key = JSON.stringify([claim.endpoint, claim.client.connection.scope ?? null, query]);
    let ids = this.reads.get(key);
    if (!ids) {
      ids = readServerHealth(claim.client, query).then((servers) => servers.map((server) => server.ID));
      this.reads.set(key, ids);
    }
    return ids;
  }
}
