/**
 * Nomad's HTTP layer around the operator endpoints (nomad-operator-api.md §1):
 *  - Go ServeMux routing (§1.1): exact routes, subtree routes (`/v1/operator/raft/`),
 *    a 301 to the subtree for the path without its slash (Go ServeMux behaviour, not in
 *    the reference), and the root fallthrough: `/` → 307 `/ui/`, anything else 404 empty;
 *  - `wrap` (N:command/agent/http.go:762-824): error → status mapping (§1.5), JSON via
 *    go-msgpack (§1.4), `?pretty` (§1.3), nil result → empty body without Content-Type;
 *  - gorilla `CompressHandler` (§1.1): `Vary: Accept-Encoding` always; the first of
 *    `gzip`/`deflate` listed in Accept-Encoding compresses every body, even empty ones.
 */
import { deflateRawSync, gzipSync } from 'node:zlib';
import type { GoQuery } from '../go-url.js';
import type { SimApp, SimRequest, SimResponse } from '../http.js';
import { PERMISSION_DENIED, requestToken } from './acl.js';
import type { NomadCluster } from './cluster.js';
import { encodeNomadJson, type NomadJsonValue } from './encode.js';

/** `CodedError(code, msg)`: the handler chose the status (§1.5 rule 1). */
export class CodedError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** `ErrInvalidMethod` (N:command/agent/http.go). */
export const INVALID_METHOD = 'Invalid method';

export interface NomadCall {
  readonly req: SimRequest;
  /** The URL path as Go's `req.URL.Path` (decoded). */
  readonly path: string;
  readonly query: GoQuery;
  /** After §1.2 precedence; "" = anonymous. */
  readonly token: string;
  readonly cluster: NomadCluster;
}

/** A handler result. `status` = a `WriteHeader` before the body (429 health, 405 raft config); no body = nil result. */
export interface NomadReply {
  status?: number;
  /** Set by the handler before the body (setMeta's index headers, §1.7). */
  headers?: Record<string, string>;
  body?: NomadJsonValue;
}

export type NomadHandler = (call: NomadCall) => Promise<NomadReply>;

export interface NomadRoutes {
  /** Registered exact paths. */
  readonly exact: ReadonlyMap<string, NomadHandler>;
  /** Registered subtree patterns, each ending in `/`. */
  readonly subtree: ReadonlyMap<string, NomadHandler>;
}

const TEXT = 'text/plain; charset=utf-8';

/** Status and body for an error a handler returned (§1.5; in-process RPC keeps only the text). */
export function errorStatus(err: unknown): { code: number; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof CodedError) return { code: err.code, message };
  const rpc = /^RPC Error:: (\d+),([\s\S]*)$/.exec(message);
  if (rpc) return { code: Number(rpc[1]), message: rpc[2]! };
  if (message.endsWith(PERMISSION_DENIED)) return { code: 403, message: PERMISSION_DENIED };
  if (message.endsWith('ACL token not found')) return { code: 403, message: 'ACL token not found' };
  return { code: 500, message };
}

/** gorilla CompressHandler's choice: first exact `gzip` or `deflate` token, none for websocket upgrades. */
function chooseEncoding(headers: Record<string, string>): 'gzip' | 'deflate' | undefined {
  if ((headers['upgrade'] ?? '') !== '') return undefined;
  for (const part of (headers['accept-encoding'] ?? '').split(',')) {
    const enc = part.trim();
    if (enc === 'gzip' || enc === 'deflate') return enc;
  }
  return undefined;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** One response before the compress wrapper. */
interface Draft {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class NomadTransport implements SimApp {
  constructor(
    private readonly cluster: NomadCluster,
    private readonly routes: NomadRoutes,
  ) {}

  async handle(req: SimRequest): Promise<SimResponse> {
    const path = decodedPath(req.path);
    // Redirects keep the query; SimRequest has it parsed only, so it is re-encoded (close to RawQuery).
    const pairs = [...req.query].flatMap(([k, vs]) =>
      vs.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
    );
    const rawQuery = pairs.length > 0 ? '?' + pairs.join('&') : '';
    const handler = this.routes.exact.get(path) ?? this.subtreeHandler(path);
    if (handler === undefined) {
      if (this.routes.subtree.has(path + '/')) return this.finish(req, redirect(req, 301, path + '/' + rawQuery));
      if (path === '/') return this.finish(req, redirect(req, 307, '/ui/' + rawQuery));
      return this.finish(req, { status: 404, headers: {}, body: '' }); // handleRootFallthrough
    }
    const call: NomadCall = { req, path, query: req.query, token: requestToken(req.headers), cluster: this.cluster };
    let reply: NomadReply;
    try {
      reply = await handler(call);
    } catch (err) {
      const { code, message } = errorStatus(err);
      return this.finish(req, { status: code, headers: { 'Content-Type': TEXT }, body: message });
    }
    const status = reply.status ?? 200;
    const set = reply.headers ?? {};
    if (reply.body === undefined) return this.finish(req, { status, headers: set, body: '' });
    const values = req.query.get('pretty');
    const pretty = values !== undefined && values[0] !== '0';
    const body = encodeNomadJson(reply.body, pretty);
    // A status written before wrap sets the JSON type leaves the header unset (§3.5):
    // net/http then sniffs the body, unless the compress wrapper set Content-Encoding.
    const type = reply.status === undefined ? 'application/json' : chooseEncoding(req.headers) ? undefined : TEXT;
    return this.finish(req, { status, headers: { ...set, ...(type ? { 'Content-Type': type } : {}) }, body });
  }

  injectedFailure(req: SimRequest, status: number, body: string): SimResponse {
    return this.finish(req, { status, headers: { 'Content-Type': TEXT }, body });
  }

  /** ServeMux: the longest registered subtree pattern that prefixes the path. */
  private subtreeHandler(path: string): NomadHandler | undefined {
    let best: string | undefined;
    for (const prefix of this.routes.subtree.keys()) {
      if (path.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
    }
    return best === undefined ? undefined : this.routes.subtree.get(best);
  }

  /** gorilla CompressHandler around everything (§1.1). */
  private finish(req: SimRequest, d: Draft): SimResponse {
    const headers: Record<string, string> = { Vary: 'Accept-Encoding', ...d.headers };
    const enc = chooseEncoding(req.headers);
    if (enc === undefined) return { status: d.status, headers, body: d.body };
    const raw = Buffer.from(d.body, 'utf8');
    return {
      status: d.status,
      headers: { ...headers, 'Content-Encoding': enc },
      body: enc === 'gzip' ? gzipSync(raw) : deflateRawSync(raw),
    };
  }
}

/** Go's http.Redirect: Location, and for GET an HTML body (text/html also for HEAD). */
function redirect(req: SimRequest, status: 301 | 307, location: string): Draft {
  const headers: Record<string, string> = { Location: location };
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status, headers, body: '' };
  headers['Content-Type'] = 'text/html; charset=utf-8';
  const text = status === 301 ? 'Moved Permanently' : 'Temporary Redirect';
  const body = req.method === 'GET' ? `<a href="${htmlEscape(location)}">${text}</a>.\n\n` : '';
  return { status, headers, body };
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}
