import type { ApiClient } from '../api/api-client.js';
import type { ApiClients } from '../api/api-clients.js';
import { resolveConnection } from '../api/api-clients.js';
import type { Environment } from '../api/connection.js';
import { autopilotValueProblem } from '../desired/autopilot.js';
import { OpstackError } from '../model/errors.js';
import type { KeyringPool } from '../model/keyring.js';
import type { ConsulArea } from '../model/resources.js';
import type { ConsulTarget, NomadTarget, Target } from '../model/target.js';
import { isObject, readJsonObject, unexpectedAnswer } from '../read/answer-shape.js';
import { readConsulAreas } from '../read/consul-network-areas.js';
import { readConsulKeyring } from '../read/consul-keyring.js';
import { AREA_PATH, AUTOPILOT_PATH } from '../schema/api-paths.js';
import { type AutopilotType, autopilotAttributes } from '../schema/autopilot.js';
import type { ImportedKey, ImportedKeyring, ImportedStack } from './imported-cluster.js';

/**
 * The datacenter and region names import writes into code, each as a stack's name (a TerraformStack
 * id) and its provider's: narrower than what plan accepts (checkDatacenterName in
 * src/desired/resource-context.ts follows Consul's agent; Nomad refuses only NUL), so that a generated
 * stack name is always a plain word. Anything else is refused, never written.
 */
export const IMPORTABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * Reads every target, all at once, with GETs only: the autopilot configuration of each
 * datacenter and region, a datacenter's network areas (none on Consul CE), and the gossip keyring
 * once per Consul agent (one keyring read covers every pool the agent reaches, so one stack
 * declares it). Every answer is checked before it may become code.
 */
export async function readImported(
  targets: readonly Target[],
  clients: ApiClients,
  env: Environment,
): Promise<ImportedStack[]> {
  const names = uniqueNames(
    targets.map((t) => (t.product === 'consul' ? t.datacenter : `nomad-${t.region ?? 'default'}`)),
  );
  const keyringOwners = new Map<string, string>();
  return Promise.all(
    targets.map((target, i) => {
      const name = names[i]!;
      const address = resolveConnection(target, env).baseUrl;
      if (target.product === 'nomad') return readNomadRegion(clients.for(target), target, name, address);
      const owner = keyringOwners.get(address);
      if (owner === undefined) keyringOwners.set(address, name);
      return readConsulDatacenter(clients.for(target), target, name, address, owner);
    }),
  );
}

async function readConsulDatacenter(
  client: ApiClient,
  target: ConsulTarget,
  name: string,
  address: string,
  keyringOwner: string | undefined,
): Promise<ImportedStack> {
  const { datacenter } = target;
  const [autopilot, areas, keyring] = await Promise.all([
    readAutopilotSettings(client, 'consul_autopilot_config', { dc: datacenter }),
    readAreasOrNone(client, datacenter),
    keyringOwner === undefined
      ? readImportedKeyring(client, name)
      : ({ kind: 'declared-by', stack: keyringOwner } as const),
  ]);
  return { product: 'consul', name, address, datacenter, autopilot, areas, keyring } as ImportedStack;
}

async function readNomadRegion(
  client: ApiClient,
  target: NomadTarget,
  name: string,
  address: string,
): Promise<ImportedStack> {
  const autopilot = await readAutopilotSettings(client, 'opstack_nomad_autopilot_config', {});
  return {
    product: 'nomad',
    name,
    address,
    ...(target.region ? { region: target.region } : {}),
    autopilot,
  } as ImportedStack;
}

/**
 * The autopilot configuration (consul-operator-api.md §4.5, nomad-operator-api.md §3.4), every field
 * checked against its kind.
 */
async function readAutopilotSettings(
  client: ApiClient,
  type: AutopilotType,
  query: Record<string, string>,
): Promise<Record<string, unknown>> {
  const value = await readJsonObject(client, AUTOPILOT_PATH, query);
  const settings: Record<string, unknown> = {};
  for (const attribute of autopilotAttributes(type)) {
    const problem = autopilotValueProblem(attribute, value[attribute.field]);
    if (problem)
      throw unexpectedAnswer(
        client,
        AUTOPILOT_PATH,
        `${attribute.field} ${value[attribute.field] === undefined ? 'is missing' : 'is not usable'}`,
      );
    settings[attribute.field] = value[attribute.field];
  }
  return settings;
}

/** The datacenter's network areas (§4.8), sorted by peer; null on Consul CE, which answers the endpoint 404. */
async function readAreasOrNone(client: ApiClient, datacenter: string): Promise<ConsulArea[] | null> {
  let areas: unknown[];
  try {
    areas = await readConsulAreas(client, datacenter);
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'EnterpriseRequired') return null;
    throw error;
  }
  if (!Array.isArray(areas)) throw unexpectedAnswer(client, AREA_PATH, 'expected a list of network areas');
  return areas
    .map((area, index) => checkedArea(client, area, index))
    .sort((a, b) => a.PeerDatacenter.localeCompare(b.PeerDatacenter));
}

function checkedArea(client: ApiClient, area: unknown, index: number): ConsulArea {
  const retryJoinOk = (v: unknown) =>
    v === null || (Array.isArray(v) && v.every((a) => typeof a === 'string' && /^[^\s'"\\]+$/.test(a)));
  if (
    !isObject(area) ||
    typeof area.ID !== 'string' ||
    typeof area.UseTLS !== 'boolean' ||
    !retryJoinOk(area.RetryJoin)
  ) {
    throw unexpectedAnswer(client, AREA_PATH, `area ${index + 1} lacks an ID, UseTLS or a RetryJoin list of addresses`);
  }
  if (typeof area.PeerDatacenter !== 'string' || !IMPORTABLE_NAME.test(area.PeerDatacenter)) {
    throw unexpectedAnswer(
      client,
      AREA_PATH,
      `area ${index + 1} has no peer datacenter name opstack can write into a stack`,
    );
  }
  return {
    ID: area.ID,
    PeerDatacenter: area.PeerDatacenter,
    RetryJoin: area.RetryJoin as string[] | null,
    UseTLS: area.UseTLS,
  };
}

/** The keyring's keys over every pool the agent reaches (§4.4), primary first; none when gossip encryption is off. */
async function readImportedKeyring(client: ApiClient, stack: string): Promise<ImportedKeyring> {
  try {
    const { pools } = await readConsulKeyring(client);
    return {
      kind: 'keys',
      keys: keysOf(pools, stack),
      nodes: sum(pools.map((p) => p.numNodes)),
      pools: pools.map((p) => p.name),
    };
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'EncryptionDisabled') return { kind: 'encryption-disabled' };
    throw error;
  }
}

/**
 * Every key any pool holds, by fingerprint: the key most nodes use as primary first, then by how
 * many nodes hold it, then by fingerprint (a stable order for a keyring mid-rotation).
 */
// Consul reports PrimaryKeys for every pool (consul-operator-api.md §4.4); a null is counted as none.
function keysOf(pools: readonly KeyringPool[], stack: string): ImportedKey[] {
  const prints = [...new Set(pools.flatMap((p) => [...Object.keys(p.keys), ...Object.keys(p.primaryKeys ?? {})]))];
  const counted = prints.map((fingerprint) => ({
    fingerprint,
    installed: sum(pools.map((p) => p.keys[fingerprint] ?? 0)),
    primary: sum(pools.map((p) => p.primaryKeys?.[fingerprint] ?? 0)),
  }));
  counted.sort(
    (a, b) => b.primary - a.primary || b.installed - a.installed || a.fingerprint.localeCompare(b.fingerprint),
  );
  const prefix = `CONSUL_${stack.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_GOSSIP_KEY`;
  return counted.map((key, i) => ({ ...key, variable: `${prefix}_${i + 1}` }));
}

/** Stack names as given, a repeated one suffixed `-2`, `-3`… (two agents may both call their datacenter dc1). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}-${count}`;
  });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
