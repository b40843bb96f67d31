/**
 * The session endpoints a KV lock needs (U:agent/session_endpoint.go, U:agent/consul/session_endpoint.go):
 * PUT /v1/session/create, PUT /v1/session/renew/<id>, PUT /v1/session/destroy/<id>,
 * GET /v1/session/info/<id>. Create defaults to the agent's node, its serfHealth check,
 * a 15 s lock-delay and `release`; its body decodes through Session.UnmarshalJSON (unknown fields
 * ignored, type errors 400 `Request decode failed: …`); then the leader, `session:write` on the
 * node, Behavior, and TTL (0 or 10s–24h) are checked.
 */
import { goFormatDuration, goParseDuration } from '../go-duration.js';
import type { GoJsonValue } from '../go-json-encode.js';
import { decodeGoStruct, type GoStructSpec } from './go-struct-decode.js';
import type { StoredSession } from './kv-store.js';
import { authorize, forward, parseDc, parseQueryOptions } from './rpc.js';
import { HttpError, decodedPath, type ConsulCall, type ConsulReply, type ConsulRoute } from './transport.js';
import type { ConsulDatacenter } from './datacenter.js';

/**
 * The `structs.Session` fields a body may set (LockDelay: a Go duration string only, a simplification).
 * Session.UnmarshalJSON (U:agent/structs/structs.go:2794-2822) decodes with plain json.Unmarshal into
 * an anonymous struct embedding `*Alias`, so lib.DecodeJSON's DisallowUnknownFields never applies and
 * type errors name `.Alias.<field>` — as a real consul 1.21 answered.
 */
const SESSION: GoStructSpec = {
  goType: 'struct { LockDelay interface {}; *structs.Alias }',
  structName: '.Alias',
  lenient: true,
  fields: [
    ['ID', 'string'],
    ['Name', 'string'],
    ['Node', 'string'],
    ['LockDelay', 'string'],
    ['Behavior', 'string'],
    ['TTL', 'string'],
    ['NodeChecks', 'stringSlice'],
    ['ServiceChecks', 'stringSlice'],
    ['Checks', 'stringSlice'],
  ],
};

const NS_PER_MS = 1_000_000n;
const TTL_MIN_NS = 10_000_000_000n; // SessionTTLMin default
const TTL_MAX_NS = 86_400_000_000_000n; // structs.SessionTTLMax

/** `structs.Session` as JSON, field order kept; LockDelay is integer nanoseconds (a plain Duration). */
export function sessionJson(s: StoredSession): GoJsonValue {
  return {
    ID: s.id,
    Name: s.name,
    Node: s.node,
    LockDelay: s.lockDelayMs * 1_000_000,
    Behavior: s.behavior,
    TTL: s.ttl,
    NodeChecks: ['serfHealth'],
    ServiceChecks: null,
    CreateIndex: s.createIndex,
    ModifyIndex: s.createIndex, // a renewal is not a raft write
  };
}

/** FixupLockDelay: a value below 1000 ns was meant as seconds. */
function lockDelayMs(text: string): number {
  let ns = goParseDuration(text);
  if (ns < 1000n) ns *= 1_000_000_000n;
  return Number(ns / NS_PER_MS);
}

function ttlMs(ttl: string): number {
  if (ttl === '') return 0;
  let ns: bigint;
  try {
    ns = goParseDuration(ttl);
  } catch (error) {
    throw new Error(`Session TTL '${ttl}' invalid: ${(error as Error).message}`);
  }
  if (ns !== 0n && (ns < TTL_MIN_NS || ns > TTL_MAX_NS)) {
    throw new Error(
      `Invalid Session TTL '${ns}', must be between [${goFormatDuration(TTL_MIN_NS)}=${goFormatDuration(TTL_MAX_NS)}]`,
    );
  }
  return Number(ns / NS_PER_MS);
}

export const sessionCreateRoute: ConsulRoute = {
  path: '/v1/session/create',
  methods: ['PUT'],
  async handle(call) {
    const initial = {
      ID: '',
      Name: '',
      Node: '',
      LockDelay: '15s',
      Behavior: 'release',
      TTL: '',
      NodeChecks: null,
      ServiceChecks: null,
      Checks: null,
    };
    let body: typeof initial;
    try {
      body = call.req.body.length > 0 ? decodeGoStruct(call.req.body, SESSION, initial) : initial;
    } catch (error) {
      throw new HttpError(400, `Request decode failed: ${(error as Error).message}`);
    }
    const dc = await forward(call, parseDc(call), { stale: false });
    const node = String(body.Node || dc.leader()?.name || '');
    authorize(call, 'session:write', node);
    const behavior = body.Behavior === '' ? 'release' : body.Behavior;
    if (behavior !== 'release' && behavior !== 'delete') throw new Error(`Invalid Behavior setting '${behavior}'`);
    const ttl = String(body.TTL);
    const session = dc.kv.createSession({
      name: String(body.Name),
      node,
      lockDelayMs: lockDelayMs(String(body.LockDelay)),
      behavior,
      ttl,
      ttlMs: ttlMs(ttl),
    });
    return { body: { ID: session.id } };
  },
};

/**
 * A route under `/v1/session/<op>/<id>`: the ID after the prefix (a missing one is a 400), then
 * `s.parse` for the ops that call it, the leader, and the op itself.
 */
function sessionRoute(
  op: string,
  method: string,
  parsesQuery: boolean,
  run: (call: ConsulCall, dc: ConsulDatacenter, id: string) => ConsulReply,
): ConsulRoute {
  const prefix = `/v1/session/${op}/`;
  return {
    path: prefix,
    prefix: true,
    methods: [method],
    async handle(call) {
      const { dc: dcName, stale } = parsesQuery ? parseQueryOptions(call) : { dc: parseDc(call), stale: false };
      const id = decodedPath(call.req.path).slice(prefix.length);
      if (id === '') throw new HttpError(400, 'Missing session');
      return run(call, await forward(call, dcName, { stale: stale && method === 'GET' }), id);
    },
  };
}

export const sessionRenewRoute = sessionRoute('renew', 'PUT', true, (call, dc, id) => {
  const session = dc.kv.session(id);
  if (session === undefined) throw new HttpError(404, `Session id '${id}' not found`);
  authorize(call, 'session:write', session.node);
  dc.kv.renew(id);
  return { body: [sessionJson(session)] };
});

export const sessionDestroyRoute = sessionRoute('destroy', 'PUT', false, (call, dc, id) => {
  const session = dc.kv.session(id);
  if (call.cluster.acl.enabled) {
    if (session === undefined) throw new Error(`Unknown session "${id}"`);
    authorize(call, 'session:write', session.node);
  }
  dc.kv.invalidate(id);
  return { body: true };
});

// ACL filtering: a session the token may not read (session:read on its node) is left out.
export const sessionInfoRoute = sessionRoute('info', 'GET', true, (call, dc, id) => {
  const session = dc.kv.session(id);
  return { body: session !== undefined && readable(call, session.node) ? [sessionJson(session)] : [] };
});

function readable(call: ConsulCall, node: string): boolean {
  try {
    authorize(call, 'session:read', node);
    return true;
  } catch {
    return false;
  }
}

export const sessionRoutes: readonly ConsulRoute[] = [
  sessionCreateRoute,
  sessionRenewRoute,
  sessionDestroyRoute,
  sessionInfoRoute,
];
