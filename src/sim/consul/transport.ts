/**
 * Consul's HTTP transport around every operator endpoint (consul-operator-api.md §2):
 * exact-path routing with the unwrapped `Index` 404 (§2.1), the `wrap` pipeline
 * (§2.2: headers, query-string check, OPTIONS, 405), error → status mapping (§2.3)
 * and success encoding (§2.4: JSON, `?pretty`, gzip, Content-Type rules).
 */
import { gzipSync } from 'node:zlib';
import { goJsonMarshal, goJsonMarshalIndent, type GoJsonValue } from '../go-json-encode.js';
import type { GoQuery } from '../go-url.js';
import type { SimApp, SimRequest, SimResponse } from '../http.js';
import { requestToken } from './acl.js';
import type { ConsulCluster } from './cluster.js';

/** Consul's `HTTPError{StatusCode, Reason}`: a response with an explicit status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. `Allow` on a handler's own 405 (MethodNotAllowedError). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Everything a handler needs about the call. */
export interface ConsulCall {
  readonly req: SimRequest;
  readonly query: GoQuery;
  /** The request's token after §2.5 precedence ("" = none given). */
  readonly token: string;
  readonly cluster: ConsulCluster;
}

/** A handler result: `body` undefined means "200 with empty body" (§2.2 step 8). */
export interface ConsulReply {
  status?: number;
  body?: GoJsonValue;
  /** Extra headers, e.g. the blocking-query meta of the Enterprise area reads (§4.8). */
  headers?: Record<string, string>;
}

export interface ConsulRoute {
  /** The ServeMux pattern; with `prefix`, a pattern ending in `/` that matches every path below it. */
  readonly path: string;
  readonly prefix?: boolean;
  /** The registered allow-list, e.g. ["GET", "PUT"]; OPTIONS is implied. */
  readonly methods: readonly string[];
  handle(call: ConsulCall): Promise<ConsulReply>;
}

const TEXT = 'text/plain; charset=utf-8';
/**
 * Content-Type of empty 200s (keyring writes, raft peer DELETE, OPTIONS) as real Consul 1.21 sent it:
 * observed-real-servers.md "Smaller differences" wins over §2.4's application/json for 1.21.5+.
 */
const EMPTY_200_TYPE = TEXT;
/** NYTimes gziphandler default minimum size (§2.2 step 1). */
const GZIP_MIN_SIZE = 1400;

/** `handleErr` status for an error text (U:agent/http.go:514-564). */
export function statusForErrorText(text: string): number {
  if (text.includes('Permission denied') || text.includes('ACL not found')) return 403;
  if (
    text.includes('RPC rate limit exceeded') ||
    text === 'Rate limit reached, try again later' ||
    text.includes('rate limit exceeded, try again later or against a different server')
  ) {
    return 429;
  }
  if (text.includes('rate limit exceeded for operation that can only be performed by the leader, try again later'))
    return 503;
  return 500;
}

/** gziphandler's acceptsGzip: `gzip` listed in Accept-Encoding with q > 0. */
function acceptsGzip(headers: Record<string, string>): boolean {
  for (const part of (headers['accept-encoding'] ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** The path as Go's ServeMux matches it (percent-decoded). */
export function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class ConsulTransport implements SimApp {
  private readonly routes: ReadonlyMap<string, ConsulRoute>;
  private readonly prefixes: readonly ConsulRoute[];

  constructor(
    private readonly cluster: ConsulCluster,
    routes: readonly ConsulRoute[],
    /** `consul agent -dev`: JSON is always indented (§2.4, observed-real-servers.md "Smaller differences"). */
    private readonly devMode = false,
  ) {
    this.routes = new Map(routes.filter((r) => !r.prefix).map((r) => [r.path, r]));
    // ServeMux: an exact pattern wins, then the longest matching subtree pattern.
    this.prefixes = routes.filter((r) => r.prefix).sort((a, b) => b.path.length - a.path.length);
  }

  private route(path: string): ConsulRoute | undefined {
    const p = decodedPath(path);
    return this.routes.get(p) ?? this.prefixes.find((r) => p.startsWith(r.path));
  }

  async handle(req: SimRequest): Promise<SimResponse> {
    const route = this.route(req.path);
    if (route === undefined) return this.index(req);
    const headers: Record<string, string> = this.wrappedHeaders();
    if (!req.queryOk) return { status: 500, headers, body: '' }; // §2.2 step 2
    const allow = ['OPTIONS', ...route.methods].join(',');
    if (req.method === 'OPTIONS') {
      return this.finish(req, {
        status: 200,
        headers: { ...headers, Allow: allow, 'Content-Type': EMPTY_200_TYPE },
        body: '',
      });
    }
    if (!route.methods.includes(req.method)) {
      return this.error(req, headers, new HttpError(405, `method ${req.method} not allowed`), { Allow: allow });
    }
    const call: ConsulCall = {
      req,
      query: req.query,
      token: requestToken(req.query, req.headers),
      cluster: this.cluster,
    };
    let reply: ConsulReply;
    try {
      reply = await route.handle(call);
    } catch (err) {
      return this.error(req, headers, err);
    }
    const status = reply.status ?? 200;
    Object.assign(headers, reply.headers);
    if (reply.body === undefined) {
      // A handler that sets its own status and writes nothing (KV GET's 404) sends no type at all,
      // as a real consul 1.21 did; an empty 200 gets the sniffed text/plain (observed-real-servers.md).
      const type: Record<string, string> = status === 200 ? { 'Content-Type': EMPTY_200_TYPE } : {};
      return this.finish(req, { status, headers: { ...headers, ...type }, body: '' });
    }
    const text = this.marshalJson(req, reply.body);
    // A non-200 status is written before wrap sets the JSON type, so without the gzip
    // wrapper Go sniffs the body instead (§4.6; UNCONFIRMED in the reference).
    const type = status === 200 || acceptsGzip(req.headers) ? 'application/json' : TEXT;
    return this.finish(req, { status, headers: { ...headers, 'Content-Type': type }, body: text });
  }

  /** `marshalJSON` (§2.4, U:agent/http.go:659-676): indented with ?pretty or in -dev, the newline only with ?pretty. */
  private marshalJson(req: SimRequest, body: GoJsonValue): string {
    const pretty = req.query.has('pretty');
    if (!pretty && !this.devMode) return goJsonMarshal(body);
    return goJsonMarshalIndent(body) + (pretty ? '\n' : '');
  }

  injectedFailure(req: SimRequest, status: number, body: string): SimResponse {
    const route = this.route(req.path);
    const headers: Record<string, string> = route ? this.wrappedHeaders() : {};
    return this.finish(req, { status, headers: { ...headers, 'Content-Type': TEXT }, body });
  }

  /** §2.2 step 1: set on every wrapped response (Go canonicalises the header name). */
  private wrappedHeaders(): Record<string, string> {
    return { 'X-Consul-Default-Acl-Policy': this.cluster.acl.defaultPolicy, Vary: 'Accept-Encoding' };
  }

  /** The unwrapped `Index` handler (§2.1, §4.8): no ACL, no method check, no extra headers. */
  private index(req: SimRequest): SimResponse {
    const body = req.path.includes('/v1/')
      ? 'Invalid URL path: not a recognized HTTP API endpoint\n'
      : "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n";
    return { status: 404, headers: { 'Content-Type': TEXT }, body };
  }

  /** `handleErr` (§2.3): text/plain, no trailing newline. */
  private error(
    req: SimRequest,
    headers: Record<string, string>,
    err: unknown,
    extra: Record<string, string> = {},
  ): SimResponse {
    const message = err instanceof Error ? err.message : String(err);
    const status = err instanceof HttpError ? err.status || 500 : statusForErrorText(message);
    const body = err instanceof HttpError && message === '' ? 'An unexpected error occurred' : message;
    const own = err instanceof HttpError ? err.headers : {};
    return this.finish(req, { status, headers: { ...headers, ...own, ...extra, 'Content-Type': TEXT }, body });
  }

  /** The gzip wrapper: compresses bodies of at least 1400 bytes for clients that accept it. */
  private finish(req: SimRequest, res: SimResponse): SimResponse {
    const size = typeof res.body === 'string' ? Buffer.byteLength(res.body) : res.body.length;
    if (size < GZIP_MIN_SIZE || !acceptsGzip(req.headers)) return res;
    return { ...res, headers: { ...res.headers, 'Content-Encoding': 'gzip' }, body: gzipSync(res.body) };
  }
}
