/**
 * `/v1/var/<path>` (N:command/agent/variable_endpoint.go, N:nomad/variables_endpoint.go) in the
 * default namespace, as far as a variable lock needs it: GET, PUT/POST (plain write,
 * `?lock-acquire`, `?lock-renew`, `?lock-release`) and DELETE. A lock TTL must be 10s–24h
 * (default 15s; LockDelay default 15s); acquiring a variable another lock holds is a 409 with
 * the zero-value conflict, which names no holder. Reads need the `read` variables capability,
 * writes `write` (403 `Permission denied`). The `X-Nomad-Index` header is not sent (simplification).
 */
import { goParseDuration } from '../go-duration.js';
import { decodeFirstJsonValue, type GoJsonNode } from '../go-json-decode.js';
import { goJsonMarshal } from '../go-json-encode.js';
import { multierrorText } from '../consul/go-errors.js';
import { RawJson } from './encode.js';
import { authorize, forward, parseQuery, parseRegion } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadCall, type NomadHandler, type NomadReply } from './transport.js';
import type { StoredLock, StoredVariable } from './variable-store.js';

export const VAR_PREFIX = '/v1/var/';

const TTL_MIN_MS = 10_000;
const TTL_MAX_MS = 86_400_000;
const DEFAULT_MS = 15_000; // defaultLockTTL and defaultLockDelay

interface VariableBody {
  items: Record<string, string> | undefined;
  lock: { id: string; ttlMs: number; delayMs: number } | undefined;
}

/** encoding/json field matching: exact name first, then case-insensitive. */
function field(entries: readonly [string, GoJsonNode][], name: string): GoJsonNode | undefined {
  return (entries.find(([k]) => k === name) ?? entries.find(([k]) => k.toLowerCase() === name.toLowerCase()))?.[1];
}

/** VariableLock.UnmarshalJSON: a duration string or a number of nanoseconds; empty or null = 0. */
function durationMs(node: GoJsonNode | undefined): number {
  if (node === undefined || node.kind === 'null') return 0;
  if (node.kind === 'string') return node.value === '' ? 0 : Number(goParseDuration(node.value) / 1_000_000n);
  if (node.kind === 'number') return Number(node.raw) / 1_000_000;
  throw new CodedError(400, `json: cannot unmarshal ${node.kind} into Go value of type time.Duration`);
}

/** decodeBody into structs.VariableDecrypted (lenient: unknown fields are ignored). */
function decodeVariable(call: NomadCall): VariableBody {
  if (call.req.body.length === 0) throw new CodedError(400, 'Request body is empty');
  let root: GoJsonNode;
  try {
    root = decodeFirstJsonValue(call.req.body);
  } catch (error) {
    throw new CodedError(400, (error as Error).message);
  }
  if (root.kind !== 'object')
    throw new CodedError(400, `json: cannot unmarshal ${root.kind} into Go value of type structs.VariableDecrypted`);
  const itemsNode = field(root.entries, 'Items');
  let items: Record<string, string> | undefined;
  if (itemsNode?.kind === 'object') {
    items = {};
    for (const [k, v] of itemsNode.entries) {
      if (v.kind !== 'string')
        throw new CodedError(
          400,
          `json: cannot unmarshal ${v.kind} into Go struct field VariableDecrypted.Items of type string`,
        );
      items[k] = v.value;
    }
  }
  const lockNode = field(root.entries, 'Lock');
  const lock =
    lockNode?.kind === 'object'
      ? {
          id: (() => {
            const id = field(lockNode.entries, 'ID');
            return id?.kind === 'string' ? id.value : '';
          })(),
          ttlMs: durationMs(field(lockNode.entries, 'TTL')),
          delayMs: durationMs(field(lockNode.entries, 'LockDelay')),
        }
      : undefined;
  return { items, lock };
}

/**
 * A 400 of canonicalizeAndValidate: Apply wraps its RPC-coded error once more
 * (N:nomad/variables_endpoint.go:103-106) and the HTTP layer strips only one prefix
 * (N:command/agent/http.go:768-770), so the body keeps `RPC Error:: 400,` (seen on Nomad 2.0.6).
 */
function invalid(message: string): CodedError {
  return new CodedError(400, `RPC Error:: 400,${message}`);
}

/** structs.ValidatePath (N:nomad/structs/variables.go:413), inside canonicalizeAndValidate. */
function validatePath(path: string): void {
  if (!/^[a-zA-Z0-9\-_~/]{1,128}$/.test(path)) throw invalid(`invalid path "${path}"`);
  const parts = path.split('/');
  if (parts[0] !== 'nomad') return;
  if (parts.length === 1) {
    throw invalid(
      '"nomad" is a reserved top-level directory path, but you may write ' +
        'variables to "nomad/jobs", "nomad/job-templates", "nomad/sentinel", or below',
    );
  }
  if (parts[1] === 'jobs' || parts[1] === 'sentinel' || (parts[1] === 'job-templates' && parts.length === 3)) return;
  throw invalid(
    'only paths at "nomad/jobs" or "nomad/job-templates" and ' +
      'below are valid paths under the top-level "nomad" directory',
  );
}

/** VariableLock.Validate (N:nomad/structs/variables.go:257-269): every problem, in one multierror. */
function validateLock(ttlMs: number, delayMs: number): void {
  const problems = [
    ...(ttlMs < 0 || delayMs < 0 ? ['Lock delay and TTL must be positive'] : []),
    ...(ttlMs < TTL_MIN_MS || ttlMs > TTL_MAX_MS ? ['TTL must be between 10 seconds and 24 hours'] : []),
  ];
  if (problems.length > 0) throw invalid(multierrorText(problems));
}

/** VariableLock.MarshalJSON: `{TTL, LockDelay, ID}` with duration strings. */
function lockJson(lock: StoredLock): RawJson {
  const duration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
  return new RawJson(goJsonMarshal({ TTL: duration(lock.ttlMs), LockDelay: duration(lock.delayMs), ID: lock.id }));
}

/** structs.VariableDecrypted; the lock only for its holder or a management token, items only when given. */
function variableJson(v: StoredVariable, opts: { lock: boolean; items: boolean }) {
  return {
    Namespace: 'default',
    Path: v.path,
    Lock: opts.lock && v.lock ? lockJson(v.lock) : undefined,
    CreateIndex: v.createIndex,
    CreateTime: v.createTime,
    ModifyIndex: v.modifyIndex,
    ModifyTime: v.modifyTime,
    Items: opts.items ? v.items : undefined,
  };
}

/** The zero-value conflict a refused lock operation answers with (409). */
function conflict(path: string): NomadReply {
  return {
    status: 409,
    body: { Namespace: 'default', Path: path, CreateIndex: 0, CreateTime: 0, ModifyIndex: 0, ModifyTime: 0 },
  };
}

function lockOperation(call: NomadCall): 'lock-acquire' | 'lock-renew' | 'lock-release' | undefined {
  const ops = (['lock-renew', 'lock-acquire', 'lock-release'] as const).filter((op) => call.query.has(op));
  if (ops.length > 1) throw new CodedError(400, 'multiple lock operations');
  return ops[0];
}

async function upsert(call: NomadCall, path: string): Promise<NomadReply> {
  const op = lockOperation(call);
  const body = decodeVariable(call);
  if ((call.query.get('cas')?.[0] ?? '') !== '' && op !== undefined)
    throw new CodedError(400, "CAS can't be used with lock operations");
  const region = await forward(call, parseRegion(call), { stale: false });
  authorize(call, 'variables:write');
  const store = region.variables;
  if (op === 'lock-renew') {
    const v = store.get(path);
    if (v === undefined) throw new CodedError(404, "variable doesn't exist");
    if (v.lock === undefined) throw new CodedError(409, "variable doesn't hold a lock");
    if (v.lock.id !== body.lock?.id || store.isExpired(v.lock))
      throw new CodedError(409, 'attempting to modify locked variable');
    v.lock.renewedAt = performance.now();
    return { body: variableJson(v, { lock: true, items: false }) };
  }
  if (op === 'lock-release') {
    if (body.lock === undefined || body.lock.id === '') throw invalid('missing lock information');
    if (body.items !== undefined) throw invalid("lock release operation doesn't take variable items");
    validatePath(path);
    const v = store.get(path);
    if (v === undefined) throw new Error("variable doesn't exist");
    if (v.lock === undefined) throw new Error("variable doesn't hold a lock");
    if (v.lock.id !== body.lock.id) return conflict(path);
    store.release(v);
    return { body: variableJson(v, { lock: false, items: false }) };
  }
  if (op === 'lock-acquire') {
    const ttlMs = body.lock?.ttlMs || DEFAULT_MS;
    const delayMs = body.lock?.delayMs || DEFAULT_MS;
    validatePath(path);
    validateLock(ttlMs, delayMs);
    const v = store.acquire(path, body.items ?? {}, ttlMs, delayMs, body.lock?.id ?? '');
    return v === undefined ? conflict(path) : { body: variableJson(v, { lock: true, items: true }) };
  }
  if (body.items === undefined || Object.keys(body.items).length === 0)
    throw new CodedError(400, 'variable missing required Items object');
  validatePath(path);
  const existing = store.get(path);
  if (existing?.lock && existing.lock.id !== body.lock?.id) return conflict(path);
  return { body: variableJson(store.set(path, body.items), { lock: false, items: true }) };
}

export const variableRoute: NomadHandler = async (call) => {
  const path = call.path.slice(VAR_PREFIX.length);
  if (path === '') throw new CodedError(400, 'missing variable path');
  switch (call.req.method) {
    case 'GET': {
      const { region: name, stale } = parseQuery(call);
      const region = await forward(call, name, { stale });
      authorize(call, 'variables:read');
      const v = region.variables.get(path);
      if (v === undefined) throw new CodedError(404, 'variable not found');
      // Only a management token sees the lock (Variables.Read).
      return { body: variableJson(v, { lock: call.cluster.acl.isManagement(call.token), items: true }) };
    }
    case 'PUT':
    case 'POST':
      return upsert(call, path);
    case 'DELETE': {
      const region = await forward(call, parseRegion(call), { stale: false });
      authorize(call, 'variables:destroy');
      if (region.variables.get(path)?.lock) return conflict(path);
      region.variables.delete(path);
      return { status: 204 };
    }
    default:
      throw new CodedError(400, INVALID_METHOD);
  }
};
