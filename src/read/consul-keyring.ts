import type { ApiClient } from '../api/api-client.js';
import { isRetryableRead } from '../api/http-errors.js';
import { multierrorItems } from '../api/multierror.js';
import { describeConnection } from '../api/connection.js';
import { ApiError, KeyringUnansweredError, OpstackError, type UnansweredPool } from '../model/errors.js';
import type { KeyringPool } from '../model/keyring.js';
import { isCount, isMapOf, isObject, unexpectedAnswer } from './answer-shape.js';
import { keyFingerprinter, type KeyringRead } from './keyring-read.js';

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
  Messages?: Record<string, string> | null;
}

/**
 * One GET of the keyring: every pool the agent reaches (WAN first, then each datacenter's LAN
 * pools). Keys are turned into fingerprints here, at the edge, so nothing past this point ever
 * holds key material except the private map that apply uses to remove a live key.
 */
export async function readConsulKeyring(client: ApiClient): Promise<KeyringRead> {
  let answer: unknown;
  try {
    // A pool some member did not answer stays so for tens of seconds, and encryption stays off:
    // retrying the read only waits.
    const retryable = (error: OpstackError) =>
      isRetryableRead(error) && unansweredPools(error).length === 0 && !encryptionDisabled(error);
    answer = (await client.read<unknown>(KEYRING_PATH, {}, [200], retryable)).value;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (encryptionDisabled(error)) {
      throw new OpstackError(
        'EncryptionDisabled',
        `Gossip encryption is not enabled on Consul ` +
          `at ${client.connection.baseUrl}: its agents report an empty keyring.`,
        'Enable gossip encryption (the `encrypt` agent setting) before ' +
          'declaring a keyring; opstack manages keys, not whether encryption is on.',
        { cause: error },
      );
    }
    const unanswered = unansweredPools(error);
    if (unanswered.length > 0) throw unansweredError(client, unanswered);
    throw error;
  }
  const responses = checkKeyringAnswer(client, answer);
  // Every live key is registered before any server text is scrubbed, so node messages quoting one are caught.
  for (const r of responses)
    for (const key of [...Object.keys(r.Keys), ...Object.keys(r.PrimaryKeys ?? {})]) client.secrets.addKey(key);
  const { byFingerprint, keysByFingerprint } = keyFingerprinter();
  const scrub = (text: string) => client.secrets.scrubServerText(text);
  const pools: KeyringPool[] = responses.map((r) => ({
    name: scrub(poolName(r)),
    numNodes: r.NumNodes,
    keys: byFingerprint(r.Keys),
    primaryKeys: byFingerprint(r.PrimaryKeys),
    messages: Object.fromEntries(Object.entries(r.Messages ?? {}).map(([node, text]) => [scrub(node), scrub(text)])),
  }));
  return { pools, keysByFingerprint };
}

/** consul-operator-api.md §4.4: without gossip encryption the agent answers 500 with this text. */
function encryptionDisabled(error: OpstackError): boolean {
  return error instanceof ApiError && error.answer.body.includes('encryption not enabled');
}

/** The list of pools §4.4 documents, entry by entry; anything else is an UnexpectedAnswer. */
function checkKeyringAnswer(client: ApiClient, answer: unknown): KeyringResponse[] {
  if (!Array.isArray(answer)) throw unexpectedAnswer(client, KEYRING_PATH, 'expected a list of gossip pools');
  answer.forEach((entry: unknown, index) => {
    const problem = !isObject(entry)
      ? 'is not an object'
      : typeof entry.WAN !== 'boolean' || typeof entry.Datacenter !== 'string'
        ? 'lacks WAN or Datacenter'
        : !isCount(entry.NumNodes)
          ? 'lacks a node count (NumNodes)'
          : !isMapOf(entry.Keys, isCount) || (entry.PrimaryKeys !== undefined && !isMapOf(entry.PrimaryKeys, isCount))
            ? 'has no key counts (Keys, PrimaryKeys)'
            : entry.Messages !== undefined &&
                entry.Messages !== null &&
                !isMapOf(entry.Messages, (m) => typeof m === 'string')
              ? 'has Messages that are not node → text'
              : [entry.Segment, entry.Partition].some((v) => v !== undefined && typeof v !== 'string')
                ? 'has a Segment or Partition that is not a name'
                : undefined;
    if (problem) throw unexpectedAnswer(client, KEYRING_PATH, `pool ${index + 1} ${problem}`);
  });
  return answer as KeyringResponse[];
}

/**
 * The pools a keyring multierror says were not fully answered: `WAN error: 2/3 nodes reported
 * success` (observed-real-servers.md §3), or `dc1 (LAN) error: …` for a LAN pool.
 */
export function unansweredPools(error: OpstackError): UnansweredPool[] {
  if (!(error instanceof ApiError) || error.answer.status !== 500) return [];
  return multierrorItems(error.answer.body).flatMap((item) => {
    const m = /^(WAN|\S+ \(LAN\)) error: (\d+)\/(\d+) nodes reported success/.exec(item);
    if (!m) return [];
    const pool = m[1] === 'WAN' ? 'WAN' : `${(m[1] ?? '').replace(/ \(LAN\)$/, '')} LAN`;
    return [{ pool, answered: Number(m[2]), total: Number(m[3]) }];
  });
}

function unansweredError(client: ApiClient, pools: readonly UnansweredPool[]): KeyringUnansweredError {
  const counts = pools.map((p) => `${p.pool}: ${p.answered}/${p.total} nodes answered`).join(', ');
  return new KeyringUnansweredError(
    `${describeConnection(client.connection)}: a node stopped answering ` +
      `keyring queries (${counts}); the keyring cannot be read completely.`,
    'A server or client that just died is still counted for 25–45 s. Retry in a minute; if the node is gone ' +
      'for good, remove it (`consul force-leave`, or opstack_raft_peers_absent for a server) and plan again.',
    pools,
  );
}

/** The datacenter of a LAN pool's name (`dc1 LAN`, `dc1 LAN [segment: a]`); undefined for the WAN pool. */
export function lanDatacenterOf(name: string): string | undefined {
  return /^(.+?) LAN(?: \[|$)/.exec(name)?.[1];
}

function poolName(r: KeyringResponse): string {
  const base = r.WAN ? 'WAN' : `${r.Datacenter} LAN`;
  return base + (r.Segment ? ` [segment: ${r.Segment}]` : '') + (r.Partition ? ` [partition: ${r.Partition}]` : '');
}
