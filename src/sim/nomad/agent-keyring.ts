/**
 * /v1/agent/keyring/{list,install,use,remove} — Nomad's gossip keyring
 * (nomad-operator-api.md §3.8; N:command/agent/agent_endpoint.go:635-690): any method, ACL
 * `agent:write` in the HTTP layer, `{"Key":"<base64>"}` bodies for the writes, an unknown op
 * 404 `resource not found`. No region routing and no leader: the serf pool is the whole
 * federation's (gossip.ts). The simulated agent is a server, so the client-agent 501 does not
 * arise. Checking the ACL before the op is a choice (the order is UNCONFIRMED).
 */
import type { GoJsonValue } from '../go-json-encode.js';
import { decodeFirstJsonValue } from '../go-json-decode.js';
import { decodeGoScalar, findGoField } from '../go-json-fields.js';
import { isNoBody } from './autopilot.js';
import { KEYRING_OPS, type KeyringOp, type NomadKeyResponse } from './gossip.js';
import { authorize } from './rpc.js';
import { CodedError, type NomadHandler } from './transport.js';

export const AGENT_KEYRING_PREFIX = '/v1/agent/keyring/';

export const agentKeyring: NomadHandler = async (call) => {
  authorize(call, 'agent:write');
  const op = call.path.slice(AGENT_KEYRING_PREFIX.length);
  if (!(KEYRING_OPS as readonly string[]).includes(op)) throw new CodedError(404, 'resource not found');
  let key = '';
  if (op !== 'list') {
    try {
      key = decodeKey(call.req.body, isNoBody(call.req));
    } catch (e) {
      throw new CodedError(400, (e as Error).message);
    }
  }
  return { body: keyResponseJson(call.cluster.gossip.operate(op as KeyringOp, key)) };
};

/** `decodeBody` into `structs.KeyringRequest{Key string}` (encoding/json: lenient, case-insensitive). */
function decodeKey(body: Buffer, noBody: boolean): string {
  if (noBody) throw new Error('Request body is empty');
  const root = decodeFirstJsonValue(body);
  if (root.kind === 'null') return '';
  if (root.kind !== 'object')
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type structs.KeyringRequest`);
  let key = '';
  for (const [name, node] of root.entries) {
    if (findGoField([['Key']] as const, name) === undefined) continue;
    const scalar = decodeGoScalar('string', node);
    if (scalar === undefined) continue;
    if (!('value' in scalar))
      throw new Error(`json: cannot unmarshal ${scalar.wrong} into Go struct field KeyringRequest.Key of type string`);
    key = scalar.value as string;
  }
  return key;
}

/** `structs.KeyringResponse` (N:nomad/structs/structs.go:10811-10815); map keys sorted for reproducible bodies. */
function keyResponseJson(r: NomadKeyResponse): GoJsonValue {
  const sorted = <V extends GoJsonValue>(m: ReadonlyMap<string, V>) =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { Messages: sorted(r.messages), Keys: sorted(r.keys), NumNodes: r.numNodes };
}
