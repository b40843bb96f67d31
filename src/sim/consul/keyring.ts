/**
 * /v1/operator/keyring — GET list, POST install, PUT use, DELETE remove
 * (consul-operator-api.md §4.4; U:agent/operator_endpoint.go:117-236,
 * U:agent/consul/internal_endpoint.go KeyringOperation). No `s.parse`, `?dc` ignored,
 * no leader needed; the pools themselves are modelled in gossip.ts.
 */
import type { GoJsonValue } from '../go-json-encode.js';
import { queryGet } from '../go-url.js';
import { sleep } from '../http.js';
import { goAtoi, goParseBool, multierrorText } from './go-errors.js';
import { decodeGoStruct, type GoStructSpec } from './go-struct-decode.js';
import type { KeyringOp, PoolResponse } from './gossip.js';
import { authorize } from './rpc.js';
import { HttpError, type ConsulRoute } from './transport.js';

/** `keyringArgs` (U:agent/operator_endpoint.go): Key string, Token string, RelayFactor uint8, LocalOnly bool. */
const KEYRING_ARGS: GoStructSpec = {
  goType: 'agent.keyringArgs',
  structName: 'keyringArgs',
  fields: [
    ['Key', 'string'],
    ['Token', 'string'],
    ['RelayFactor', 'uint8'],
    ['LocalOnly', 'bool'],
  ],
};

const OPS: Record<string, KeyringOp> = { GET: 'list', POST: 'install', PUT: 'use', DELETE: 'remove' };

/** Go marshals map keys sorted. */
function sortedObject<V extends GoJsonValue>(m: ReadonlyMap<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

/**
 * `keyringErrorsOrNil` (§4.4 "HTTP result"): per failing pool `<dc> (LAN) error: …` or
 * `WAN error: …`, then one `<node>: <message>` line per Messages entry. Go iterates the
 * map in random order; the simulator sorts by node name so bodies are reproducible.
 */
export function keyringErrors(responses: readonly PoolResponse[]): string | undefined {
  const errors: string[] = [];
  for (const r of responses) {
    if (r.error === '') continue;
    errors.push(`${r.wan ? 'WAN' : `${r.datacenter} (LAN)`} error: ${r.error}`);
    for (const node of [...r.messages.keys()].sort()) errors.push(`${node}: ${r.messages.get(node)}`);
  }
  return errors.length === 0 ? undefined : multierrorText(errors);
}

/** `structs.KeyringResponse` JSON (U:agent/structs/structs.go:3159-3170), field order kept. */
function keyringJson(r: PoolResponse): GoJsonValue {
  return {
    WAN: r.wan,
    Datacenter: r.datacenter,
    Segment: '', // CE has one unnamed segment; always present
    Messages: r.messages.size > 0 ? sortedObject(r.messages) : undefined,
    Keys: sortedObject(r.keys),
    PrimaryKeys: sortedObject(r.primaryKeys),
    NumNodes: r.numNodes,
  };
}

export const keyringRoute: ConsulRoute = {
  path: '/v1/operator/keyring',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  async handle(call) {
    const method = call.req.method;
    let key = '';
    // 1. Writes decode the body first (GET bodies are ignored).
    if (method !== 'GET') {
      try {
        key = decodeGoStruct(call.req.body, KEYRING_ARGS, { Key: '', Token: '', RelayFactor: 0, LocalOnly: false })
          .Key as string;
      } catch (e) {
        throw new HttpError(400, `Request decode failed: ${(e as Error).message}`);
      }
    }
    // 2. ?relay-factor: Atoi, then ParseRelayFactor (U:agent/keyring.go:247-252). The value only tunes serf relaying.
    const relay = queryGet(call.query, 'relay-factor');
    if (relay !== '') {
      let n: number;
      try {
        n = goAtoi(relay);
      } catch (e) {
        throw new HttpError(400, `Error parsing relay factor: ${(e as Error).message}`);
      }
      if (n < 0 || n > 5) throw new HttpError(400, 'Invalid relay-factor: Relay factor must be in range: [0, 5]');
    }
    // 3. ?local-only: ParseBool, then ValidateLocalOnly (U:agent/keyring.go:256-261).
    let localOnly = false;
    const local = queryGet(call.query, 'local-only');
    if (local !== '') {
      try {
        localOnly = goParseBool(local);
      } catch (e) {
        throw new HttpError(400, `Error parsing local-only: ${(e as Error).message}`);
      }
      if (localOnly && method !== 'GET') {
        throw new HttpError(400, 'Invalid use of local-only: local-only can only be set for list requests');
      }
    }
    // 4. The RPC: ACL on whichever server answers, no leader, no ?dc.
    authorize(call, method === 'GET' ? 'keyring:read' : 'keyring:write');
    // Right after a server died, the list waits for it and fails (observed-real-servers.md §3; writes not observed).
    const unanswered = method === 'GET' ? call.cluster.gossip.unansweredList() : undefined;
    if (unanswered !== undefined) {
      await sleep(unanswered.delayMs);
      throw new Error(multierrorText([unanswered.error]));
    }
    const responses = call.cluster.gossip.operate(OPS[method]!, key, localOnly);
    const failed = keyringErrors(responses);
    // Any pool error → 500 with the multierror text (a GET's JSON is discarded); the
    // status still follows handleErr's text rules (§2.3).
    if (failed !== undefined) throw new Error(failed);
    return method === 'GET' ? { body: responses.map(keyringJson) } : {};
  },
};
