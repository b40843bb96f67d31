/**
 * Product-independent HTTP plumbing for the simulator: listening on 127.0.0.1, reading
 * bodies, recording every request, applying transport faults (latency, injected
 * failures, dropped connections) and closing without leaving handles behind.
 * What a product answers (Consul today, Nomad later) is a `SimApp`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { TransportFaults } from './faults.js';
import { parseGoQuery, type GoQuery } from './go-url.js';

/** One request as the simulator saw it; `status` is 0 while in flight and for dropped connections. */
/** Serve HTTPS with this certificate; with `clientCa`, require client certificates it signed. */
export interface SimTlsSpec {
  readonly cert: string;
  readonly key: string;
  readonly clientCa?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A fully read request handed to a product. */
export interface SimRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** Values as Go's `req.URL.Query()` would give them. */
  query: GoQuery;
  /** False when Go's `url.ParseQuery` would have returned an error. */
  queryOk: boolean;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface SimApp {
  handle(req: SimRequest): Promise<SimResponse>;
  /** How an injected failure looks in this product (headers, content type). */
  injectedFailure(req: SimRequest, status: number, body: string): SimResponse;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly address: string;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

/** A timer that never keeps the process alive on its own (the listening socket does that). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHttpServer(opts: {
  app: SimApp;
  faults: TransportFaults;
  host?: string;
  port?: number;
  tls?: SimTlsSpec;
}): Promise<RunningHttpServer> {
  let log: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const { values, ok } = parseGoQuery(q < 0 ? '' : target.slice(q + 1));
    const method = req.method ?? 'GET';
    const headers = flattenHeaders(req);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries([...values].map(([k, v]) => [k, v[0] ?? ''])),
      headers,
      body: '',
      status: 0,
    };
    log.push(record); // arrival order
    const body = await readBody(req);
    record.body = body.toString('utf8');
    if (opts.faults.latencyMs > 0) await sleep(opts.faults.latencyMs);
    if (opts.faults.takeDrop(method, path)) {
      req.socket.destroy();
      return;
    }
    const simReq: SimRequest = { method, path, query: values, queryOk: ok, headers, body };
    const failure = opts.faults.takeFailure(method, path);
    const response = failure
      ? opts.app.injectedFailure(simReq, failure.status, failure.body)
      : await opts.app.handle(simReq);
    const payload = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
    record.status = response.status;
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(payload.length) });
    res.end(payload);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((err: unknown) => {
      // A simulator bug must be loud, not a hung client.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`simulator bug: ${err instanceof Error ? err.stack : String(err)}`);
    });
  };
  const { tls } = opts;
  const server = tls
    ? createTlsServer(
        {
          cert: tls.cert,
          key: tls.key,
          ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        handler,
      )
    : createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const hostPort = `${address}:${port}`;

  return {
    url: `${tls ? 'https' : 'http'}://${hostPort}`,
    address: hostPort,
    get requests() {
      return log.slice();
    },
    clearRequests() {
      log = [];
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open for keepAliveTimeout.
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
}
