import { ApiError, OpstackError } from '../model/errors.js';
import { formatGoDuration } from '../util/go-duration.js';
import { type ApiConnection, describeConnection } from './connection.js';

/** Where a request went, for messages: never includes the token. */
export interface RequestSite {
  readonly connection: ApiConnection;
  readonly method: string;
  readonly path: string;
}

const call = (site: RequestSite): string => `${site.method} ${site.path}`;

/** Product-specific words for the hints. */
const WORDS = {
  consul: {
    tokenVars: 'CONSUL_HTTP_TOKEN / CONSUL_HTTP_TOKEN_FILE',
    denied:
      'Give the token a policy with `operator = "write"` (apply) or `operator = ' +
      '"read"` (plan, drift); `keyring = "write"` / `"read"` for the gossip keyring.',
    peers: 'consul operator raft list-peers',
    addressVars: 'the provider address or CONSUL_HTTP_ADDR',
    authVar: 'CONSUL_HTTP_AUTH',
    tlsVars:
      'ca_file / CONSUL_CACERT, CONSUL_TLS_SERVER_NAME, the ' +
      'client certificate (CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY)',
  },
  nomad: {
    tokenVars: 'NOMAD_TOKEN',
    denied:
      'Raft configuration and peer removal need a management token; autopilot and the ' +
      'scheduler configuration need a policy with `operator { policy = "write" }` (apply) ' +
      'or `"read"` (plan, drift); the gossip keyring needs `agent { policy = "write" }`.',
    peers: 'nomad operator raft list-peers',
    addressVars: 'the provider address or NOMAD_ADDR',
    authVar: 'NOMAD_HTTP_AUTH',
    tlsVars:
      'ca_file / NOMAD_CACERT, NOMAD_TLS_SERVER_NAME, the client certificate (NOMAD_CLIENT_CERT / NOMAD_CLIENT_KEY)',
  },
} as const;

/**
 * Turns an error answer into a typed error that says what to check. The texts matched are the
 * servers' own (consul-operator-api.md §2.1, §2.3, §2.5; nomad-operator-api.md §1.5, §1.6).
 */
export function httpError(site: RequestSite, status: number, body: string): ApiError {
  const text = body.trim();
  const where = describeConnection(site.connection);
  const words = WORDS[site.connection.product];
  const answer = { status, endpoint: call(site), body: text };
  if (status === 403 && text.includes('ACL not found')) {
    return new ApiError(
      'AclNotFound',
      `${where} does not know the ACL token sent with ${call(site)} (403: ${text}).`,
      `Check ${words.tokenVars}: the token may be missing, deleted, or from another cluster.`,
      answer,
    );
  }
  if (status === 403) {
    return new ApiError(
      'AclDenied',
      `${where} denied ${call(site)} (403: ${text || 'empty body'}).`,
      words.denied,
      answer,
    );
  }
  if (text.includes('No cluster leader')) {
    return new ApiError(
      'NoLeader',
      `${where} has no cluster leader (${call(site)} answered ${status}).`,
      `The servers have lost quorum or are electing a leader. Check \`${words.peers}\` ` +
        `and the server logs, then run again. Nothing was changed by this request.`,
      answer,
    );
  }
  if (text.includes('No path to datacenter') || text.includes('No path to region')) {
    return new ApiError(
      'NoPathToDatacenter',
      `${where} has no path to ${site.connection.scope?.param === 'region' ? 'region' : 'datacenter'} ` +
        `"${site.connection.scope?.value ?? ''}".`,
      'Check the name in the stack, and that it is federated with the cluster you are talking to.',
      answer,
    );
  }
  if (status === 404) {
    return new ApiError(
      'UnknownEndpoint',
      `${where} has no endpoint ${call(site)} (404: ${text || 'empty body'}).`,
      "Check that the address is the right product's HTTP API and that the agent is recent enough for this operation.",
      answer,
    );
  }
  if (status === 400) {
    return new ApiError(
      'BadRequest',
      `${where} rejected ${call(site)} (400: ${text}).`,
      'This is likely a bug in opstack; please report it with the plan (no secrets are in it).',
      answer,
    );
  }
  // Neither agent redirects or asks for HTTP authentication: something in front of it did.
  if (status >= 300 && status < 400) {
    return new ApiError(
      'NotTheAgent',
      `${where} answered ${call(site)} with a redirect (${status}), which opstack does not follow.`,
      `Point ${words.addressVars} at the agent's HTTP API itself: a proxy or load balancer in front of it ` +
        'redirected the request (to https, or to a login page).',
      answer,
    );
  }
  if (status === 401) {
    return new ApiError(
      'NotTheAgent',
      `${where} answered ${call(site)} with 401 Unauthorized: something in front of the agent wants credentials.`,
      `Set ${words.authVar} (user:password) for a proxy with basic authentication, or point ${words.addressVars} ` +
        "at the agent's HTTP API itself.",
      answer,
    );
  }
  return new ApiError(
    'ServerError',
    `${where} answered ${call(site)} with ${status}: ${text || 'empty body'}.`,
    'Check the server logs; run again once the cluster is healthy.',
    answer,
  );
}

/**
 * An answer that is not the JSON the endpoint sends (a proxy's HTML page, a truncated body).
 * Names what came back (status, content type, what is wrong), never the body itself.
 */
export function notJsonError(site: RequestSite, status: number, contentType: string, problem: string): ApiError {
  const product = site.connection.product === 'consul' ? 'Consul' : 'Nomad';
  return new ApiError(
    'UnexpectedAnswer',
    `${describeConnection(site.connection)} answered ${call(site)} ` +
      `with ${status} and ${contentType || 'no content type'}, but ${problem}.`,
    `Check that the address is the ${product} agent's HTTP API itself, ` +
      `not a proxy or another service, and that the agent is healthy.`,
    { status, endpoint: call(site), body: '' },
  );
}

/** Turns a transport failure (no HTTP answer at all) into a typed error. */
export function transportError(site: RequestSite, error: unknown, timeoutMs: number): OpstackError {
  const code = transportCode(error);
  const where = describeConnection(site.connection);
  const words = WORDS[site.connection.product];
  if (code === 'TimeoutError') {
    return new OpstackError(
      'Timeout',
      `${where} did not answer ${call(site)} within ${formatGoDuration(BigInt(timeoutMs) * 1_000_000n)}.`,
      'Check the network path to the agent, or raise --http-timeout.',
      { cause: error },
    );
  }
  if (/CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/i.test(code)) {
    return new OpstackError(
      'TlsFailed',
      `TLS with ${where} failed (${code}).`,
      `Check the CA (${words.tlsVars}), and that the scheme matches what the agent serves.`,
      { cause: error },
    );
  }
  const detail =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'host not found'
        : `connection failed: ${code}`;
  return new OpstackError(
    'ConnectionFailed',
    `Cannot reach ${where} for ${call(site)}: ${detail}.`,
    `Check the address (${words.addressVars}) and that the agent is running and reachable.`,
    { cause: error },
  );
}

/** The most specific code in an error and its causes (an abort carries the timeout as its cause). */
function transportCode(error: unknown): string {
  let current: unknown = error;
  let best = 'unknown error';
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (e.name === 'TimeoutError') return 'TimeoutError';
    if (typeof e.code === 'string') best = e.code;
    current = e.cause;
  }
  return best;
}

/**
 * Transport failures and 5xx answers to a read are worth another try. "No cluster leader" is not:
 * a real Consul holds each such request 7–10 s first (observed-real-servers.md §1), so a retry
 * only doubles the wait for the same answer.
 */
export function isRetryableRead(error: OpstackError): boolean {
  return ['ConnectionFailed', 'Timeout', 'ServerError'].includes(error.code);
}
