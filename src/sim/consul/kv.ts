/**
 * `/v1/kv/<key>` (U:agent/kvs_endpoint.go) as far as a session-held lock needs it: GET (the
 * entry list, 404 with an empty body when missing), PUT (plain set, `?acquire=<session>`,
 * `?release=<session>`; `?cas` / `?flags` parsed as Consul does) and DELETE. Reads go through
 * `s.parse` and carry the query meta; `key:read` / `key:write` on the key are checked on the server.
 */
import type { GoJsonValue } from '../go-json-encode.js';
import { goParseUint } from '../go-strconv.js';
import { queryGet } from '../go-url.js';
import type { KvEntry } from './kv-store.js';
import { authorize, forward, parseQueryOptions, queryMetaHeaders } from './rpc.js';
import { HttpError, decodedPath, type ConsulCall, type ConsulReply, type ConsulRoute } from './transport.js';

const PREFIX = '/v1/kv/';

/** `structs.DirEntry` as JSON: Value base64 (`[]byte`), Session omitted when empty. */
function entryJson(key: string, e: KvEntry): GoJsonValue {
  return {
    LockIndex: e.lockIndex,
    Key: key,
    Flags: Number(e.flags),
    Value: e.value.length > 0 ? e.value.toString('base64') : null,
    Session: e.session === '' ? undefined : e.session,
    CreateIndex: e.createIndex,
    ModifyIndex: e.modifyIndex,
  };
}

/** conflictingFlags: at most one of these may be present (400 `Conflicting flags: <query>`). */
function checkConflicts(call: ConsulCall, flags: readonly string[]): void {
  if (flags.filter((f) => call.query.has(f)).length > 1) {
    const encoded = [...call.query.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([k, vs]) => vs.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`));
    throw new HttpError(400, `Conflicting flags: ${encoded.join('&')}`);
  }
}

/** strconv.ParseUint of a present parameter; its error is a plain 500, as in KVSPut. */
function uintParam(call: ConsulCall, name: string): bigint | undefined {
  if (!call.query.has(name)) return undefined;
  return goParseUint(queryGet(call.query, name));
}

async function get(call: ConsulCall, key: string): Promise<ConsulReply> {
  const { dc: dcName, stale } = parseQueryOptions(call);
  if (key === '') throw new HttpError(400, 'Missing key name');
  const dc = await forward(call, dcName, { stale });
  authorize(call, 'key:read', key);
  const entry = dc.kv.get(key);
  const headers = queryMetaHeaders(call, dc, stale, entry?.modifyIndex ?? dc.raftIndex, { consistency: false });
  if (entry === undefined) return { status: 404, headers };
  return { body: [entryJson(key, entry)], headers };
}

async function put(call: ConsulCall, key: string): Promise<ConsulReply> {
  const { dc: dcName } = parseQueryOptions(call);
  if (key === '') throw new HttpError(400, 'Missing key name');
  checkConflicts(call, ['cas', 'acquire', 'release']);
  const flags = uintParam(call, 'flags') ?? 0n;
  uintParam(call, 'cas');
  const dc = await forward(call, dcName, { stale: false });
  authorize(call, 'key:write', key);
  const value = call.req.body;
  if (call.query.has('acquire')) return { body: dc.kv.acquire(key, queryGet(call.query, 'acquire'), value, flags) };
  if (call.query.has('release')) return { body: dc.kv.release(key, queryGet(call.query, 'release'), value, flags) };
  dc.kv.set(key, value, flags);
  return { body: true };
}

async function remove(call: ConsulCall, key: string): Promise<ConsulReply> {
  const { dc: dcName } = parseQueryOptions(call);
  if (key === '') throw new HttpError(400, 'Missing key name');
  const dc = await forward(call, dcName, { stale: false });
  authorize(call, 'key:write', key);
  dc.kv.delete(key);
  return { body: true };
}

export const kvRoute: ConsulRoute = {
  path: PREFIX,
  prefix: true,
  methods: ['GET', 'PUT', 'DELETE'],
  async handle(call) {
    const key = decodedPath(call.req.path).slice(PREFIX.length);
    if (call.req.method === 'GET') return get(call, key);
    if (call.req.method === 'PUT') return put(call, key);
    return remove(call, key);
  },
};
