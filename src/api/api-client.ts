import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type { OpstackError } from '../model/errors.js';
import { parseUntrustedJson } from '../util/parse-json.js';
import { Redactor } from '../util/redactor.js';
import type { ApiConnection } from './connection.js';
import { httpError, isRetryableRead, notJsonError, type RequestSite, transportError } from './http-errors.js';

export interface ClientOptions {
  /** Per request, connection to last byte. */
  readonly timeoutMs: number;
  /** Extra attempts for a read that failed on the transport or with a 5xx. */
  readonly readRetries: number;
  /** First backoff; doubles on each retry. */
  readonly backoffMs: number;
  /** Told one line per HTTP exchange (`OPSTACK_LOG=debug`); the line is redacted before it is given. */
  readonly log?: (line: string) => void;
}

/**
 * The timeout is above the 7–10 s a real Consul holds a request before answering `No cluster
 * leader` (observed-real-servers.md §1), so that state is answered, not raced by a timeout.
 */
export const DEFAULT_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 15_000, readRetries: 2, backoffMs: 250 };

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/**
 * An HTTP API client for one Consul datacenter or Nomad region. Every request names its scope
 * (`?dc=` / `?region=`) and carries the token (`X-Consul-Token` / `X-Nomad-Token`). Reads retry
 * with backoff; writes are sent once, because a write that may have landed must not be repeated
 * blindly.
 */
export class ApiClient {
  constructor(
    readonly connection: ApiConnection,
    private readonly agent: HttpAgent,
    private readonly options: ClientOptions = DEFAULT_CLIENT_OPTIONS,
    /** Every secret of the run; keys read from or written to this cluster are added to it. */
    readonly secrets: Redactor = new Redactor(),
  ) {
    if (connection.token) secrets.addToken(connection.token);
  }

  /**
   * GETs JSON. `okStatuses` lists answers that carry a body to use (autopilot health answers 429);
   * `retryable` says which failures are worth another attempt (an endpoint may know better).
   */
  async read<T>(
    path: string,
    query: Record<string, string> = {},
    okStatuses: readonly number[] = [200],
    retryable: (error: OpstackError) => boolean = isRetryableRead,
  ): Promise<{ status: number; value: T }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.send('GET', path, query, undefined, okStatuses, attempt);
        return {
          status: answer.status,
          value: parseAnswer<T>({ connection: this.connection, method: 'GET', path }, answer),
        };
      } catch (error) {
        const typed = error as OpstackError;
        if (attempt >= this.options.readRetries || !retryable(typed)) throw typed;
        await sleep(this.options.backoffMs * 2 ** attempt);
      }
    }
  }

  /** Sends a write once and returns the answer body. */
  async write(
    method: 'PUT' | 'POST' | 'DELETE',
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Promise<string> {
    return (await this.send(method, path, query, body, [200])).body;
  }

  /** Sends a write once; `okStatuses` are answers the caller handles (Nomad's 409 for a held lock). */
  writeAnswer(
    method: 'PUT',
    path: string,
    query: Record<string, string>,
    body: unknown,
    okStatuses: readonly number[],
  ): Promise<HttpAnswer> {
    return this.send(method, path, query, body, okStatuses);
  }

  private async send(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    okStatuses: readonly number[],
    attempt = 0,
  ): Promise<HttpAnswer> {
    const site: RequestSite = { connection: this.connection, method, path };
    const { scope, token, tokenHeader, authorization } = this.connection;
    const search = new URLSearchParams({ ...(scope ? { [scope.param]: scope.value } : {}), ...query });
    const headers: Record<string, string> = {
      ...(token ? { [tokenHeader]: token } : {}),
      ...(authorization ? { authorization } : {}),
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      // Explicit, so a DELETE with a body (the keyring's) is not sent chunked.
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    let answer: HttpAnswer;
    const target = `${path}${search.size > 0 ? `?${search}` : ''}`;
    const started = performance.now();
    const logged = (outcome: string) => this.logExchange(method, target, outcome, started, attempt);
    try {
      answer = await exchange(
        this.agent,
        `${this.connection.baseUrl}${target}`,
        method,
        headers,
        payload,
        this.options.timeoutMs,
      );
    } catch (error) {
      const typed = this.redacted(transportError(site, error, this.options.timeoutMs));
      logged(`failed (${typed.code})`);
      throw typed;
    }
    logged(String(answer.status));
    // The body is scrubbed before it becomes part of the error (its message and its `answer`): a
    // server's text may quote what it was sent (a key in a decode error) or hold keys (node messages).
    if (!okStatuses.includes(answer.status))
      throw httpError(site, answer.status, this.secrets.scrubServerText(answer.body));
    return answer;
  }

  /** `debug http: GET /v1/…?dc=dc1 200 3ms (retry 1)`: method, path with query, status, duration, retry. */
  private logExchange(method: string, target: string, outcome: string, started: number, attempt: number): void {
    if (!this.options.log) return;
    const retry = attempt > 0 ? ` (retry ${attempt})` : '';
    const line = `debug http: ${method} ${target} ${outcome} ${Math.round(performance.now() - started)}ms${retry}`;
    this.options.log(this.secrets.redact(line));
  }

  /** Belt and braces: a transport error's text must never carry a secret. */
  private redacted(error: OpstackError): OpstackError {
    error.message = this.secrets.redact(error.message);
    return error;
  }
}

/** node:https (and TLS under it), required by the first https address: plain-HTTP runs never load it. */
const https = (): typeof Https => createRequire(import.meta.url)('node:https') as typeof Https;

/** One keep-alive agent per distinct address and TLS setup, shared by the clients that use it. */
export function createAgent(connection: ApiConnection): HttpAgent {
  if (!connection.baseUrl.startsWith('https:')) return new HttpAgent({ keepAlive: true });
  const { ca, cert, key, serverName, verify } = connection.tls;
  return new (https().Agent)({
    keepAlive: true,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(serverName ? { servername: serverName } : {}),
    rejectUnauthorized: verify,
  });
}

/** One request and its whole answer; rejects on transport failure or after `timeoutMs`. */
function exchange(
  agent: HttpAgent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const send = url.startsWith('https:') ? https().request : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method, headers, agent, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body, contentType: response.headers['content-type'] ?? '' });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The answer's JSON. Anything else (a proxy's HTML page, a truncated body) is a typed error that
 * names the endpoint and never quotes the body: it may hold key material.
 */
function parseAnswer<T>(site: RequestSite, answer: HttpAnswer): T {
  const parsed = parseUntrustedJson(answer.body);
  if (!parsed.ok) throw notJsonError(site, answer.status, answer.contentType, parsed.problem);
  return parsed.value as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
