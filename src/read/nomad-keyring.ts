import type { ApiClient } from '../api/api-client.js';
import { isRetryableRead } from '../api/http-errors.js';
import { describeConnection } from '../api/connection.js';
import { ApiError, KeyringUnansweredError, OpstackError } from '../model/errors.js';
import { KEYRING_API } from '../schema/api-paths.js';
import { isCount, isMapOf, isObject, unexpectedAnswer } from './answer-shape.js';
import { keyFingerprinter, type KeyringRead } from './keyring-read.js';

const LIST = KEYRING_API.nomad.list;

/** `GET /v1/agent/keyring/list` (nomad-operator-api.md §3.8). Holds key material: never log it. */
interface NomadKeyringResponse {
  Messages?: Record<string, string> | null;
  Keys: Record<string, number>;
  NumNodes: number;
}

/** How the one pool is named in plans and progress: every server of every federated region. */
export const NOMAD_POOL = 'servers (all regions)';

/**
 * One GET of Nomad's gossip keyring: serf's view over every server of every federated region
 * (one pool; clients are not in it). Nomad does not report primary keys. A node failure is a
 * 500 `<n>/<m> nodes reported failure` whose per-node reasons Nomad drops — every node failing
 * is what a cluster without gossip encryption answers, so the message says so.
 */
export async function readNomadKeyring(client: ApiClient): Promise<KeyringRead> {
  let answer: unknown;
  try {
    // A server that does not answer stays so until serf marks it failed: retrying the read only waits.
    const retryable = (error: OpstackError) => isRetryableRead(error) && unansweredOf(error) === undefined;
    answer = (await client.read<unknown>(LIST, {}, [200], retryable)).value;
  } catch (error) {
    throw explained(client, error);
  }
  const checked = checkKeyringAnswer(client, answer);
  // Every live key is registered before any server text is scrubbed, so node messages quoting one are caught.
  for (const key of Object.keys(checked.Keys)) client.secrets.addKey(key);
  const scrub = (text: string) => client.secrets.scrubServerText(text);
  const { byFingerprint, keysByFingerprint } = keyFingerprinter();
  const messages = Object.entries(checked.Messages ?? {}).map(([node, text]) => [scrub(node), scrub(text)]);
  const pool = {
    name: NOMAD_POOL,
    numNodes: checked.NumNodes,
    keys: byFingerprint(checked.Keys),
    primaryKeys: null,
    messages: Object.fromEntries(messages),
  };
  return { pools: [pool], keysByFingerprint };
}

/** The object §3.8 documents; anything else is an UnexpectedAnswer that names no value. */
function checkKeyringAnswer(client: ApiClient, answer: unknown): NomadKeyringResponse {
  const problem = !isObject(answer)
    ? 'expected a keyring object'
    : !isCount(answer.NumNodes)
      ? 'lacks a node count (NumNodes)'
      : !isMapOf(answer.Keys, isCount)
        ? 'has no key counts (Keys)'
        : answer.Messages !== undefined && answer.Messages !== null && !isMapOf(answer.Messages, isText)
          ? 'has Messages that are not node → text'
          : undefined;
  if (problem) throw unexpectedAnswer(client, LIST, problem);
  return answer as unknown as NomadKeyringResponse;
}

const isText = (value: unknown): boolean => typeof value === 'string';

/**
 * `<n>/<m> nodes reported success`: some server did not answer at all (SF:serf/keymanager.go:136-142,
 * §3.8), as a Consul pool's member does after it dies (observed-real-servers.md §3). Waits poll on.
 */
function unansweredOf(error: unknown): { answered: number; total: number } | undefined {
  if (!(error instanceof ApiError) || error.answer.status !== 500) return undefined;
  const counts = /^(\d+)\/(\d+) nodes reported success/.exec(error.answer.body);
  return counts ? { answered: Number(counts[1]), total: Number(counts[2]) } : undefined;
}

function explained(client: ApiClient, error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const unanswered = unansweredOf(error);
  if (unanswered) {
    const { answered, total } = unanswered;
    return new KeyringUnansweredError(
      `${describeConnection(client.connection)}: a server stopped answering keyring queries ` +
        `(${NOMAD_POOL}: ${answered}/${total} nodes answered); the keyring cannot be read completely.`,
      'A server that just died or restarted is still counted until serf marks it failed. Retry in a minute; if ' +
        'it is gone for good, remove it (`nomad server force-leave`, or opstack_raft_peers_absent) and plan again.',
      [{ pool: NOMAD_POOL, answered, total }],
    );
  }
  const all = /^(\d+)\/(\d+) nodes reported failure/.exec(error.answer.body);
  if (all && all[1] === all[2]) {
    return new OpstackError(
      'EncryptionDisabled',
      `Every Nomad server at ${client.connection.baseUrl} failed to list its gossip keyring (${all[0]}): ` +
        'gossip encryption is likely not enabled.',
      'Enable gossip encryption (`server { encrypt = … }`) before declaring a keyring; Nomad does not say why a ' +
        'server failed, so check the server logs if it is on.',
      { cause: error },
    );
  }
  if (error.answer.status === 501) {
    return new OpstackError(
      'ServerError',
      `${error.message} The gossip keyring lives on server agents.`,
      'Point NOMAD_ADDR (or the provider address) at a Nomad server.',
      { cause: error },
    );
  }
  return error;
}
