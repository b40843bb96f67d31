import type { ApiClient } from '../api/api-client.js';
import { ApiError, OpstackError } from '../model/errors.js';
import type { KeyringPool } from '../model/keyring.js';
import type { LiveConsulKeyring } from '../model/resources.js';
import { fingerprint } from '../util/fingerprint.js';

import { KEYRING_PATH } from '../schema/api-paths.js';

/** One entry of `GET /v1/operator/keyring` (consul-operator-api.md §4.4). Holds key material: never log it. */
interface KeyringResponse {
  WAN: boolean;
  Datacenter: string;
  Segment?: string;
  Partition?: string;
  Keys: Record<string, number>;
  PrimaryKeys?: Record<string, number>;
  NumNodes: number;
  Messages?: Record<string, string>;
}

/** The live keyring, and a private fingerprint → key map for writes that must name a live key. */
export interface KeyringRead {
  readonly live: LiveConsulKeyring;
  readonly keysByFingerprint: ReadonlyMap<string, string>;
}

/**
 * One GET of the keyring: every pool the agent reaches (WAN first, then each datacenter's LAN
 * pools). Keys are turned into fingerprints here, at the edge, so nothing past this point ever
 * holds key material except the private map that apply uses to remove a live key.
 */
export async function readConsulKeyring(client: ApiClient): Promise<KeyringRead> {
  let responses: KeyringResponse[];
  try {
    responses = (await client.read<KeyringResponse[]>(KEYRING_PATH)).value;
  } catch (error) {
    // consul-operator-api.md §4.4: without gossip encryption the agent answers 500 with this text.
    if (error instanceof ApiError && error.answer.body.includes('encryption not enabled')) {
      throw new OpstackError('EncryptionDisabled', `Gossip encryption is not enabled on Consul at ${client.connection.baseUrl}: its agents report an empty keyring.`, 'Enable gossip encryption (the `encrypt` agent setting) before declaring a keyring; opstack manages keys, not whether encryption is on.', { cause: error });
    }
    throw error;
  }
  if (!Array.isArray(responses)) throw new OpstackError('ServerError', `GET ${KEYRING_PATH} did not return a list of pools.`, 'Check that the address is a Consul agent.');
  const keysByFingerprint = new Map<string, string>();
  const byFingerprint = (counts: Record<string, number> = {}) => {
    const result: Record<string, number> = {};
    for (const [key, count] of Object.entries(counts)) {
      const print = fingerprint(key);
      keysByFingerprint.set(print, key);
      result[print] = count;
    }
    return result;
  };
  const pools: KeyringPool[] = responses.map((r) => ({
    name: poolName(r),
    numNodes: r.NumNodes,
    keys: byFingerprint(r.Keys),
    primaryKeys: byFingerprint(r.PrimaryKeys),
    messages: r.Messages ?? {},
  }));
  return { live: { type: 'opstack_consul_gossip_keyring', pools }, keysByFingerprint };
}

function poolName(r: KeyringResponse): string {
  const base = r.WAN ? 'WAN' : `${r.Datacenter} LAN`;
  return base + (r.Segment ? ` [segment: ${r.Segment}]` : '') + (r.Partition ? ` [partition: ${r.Partition}]` : '');
}
