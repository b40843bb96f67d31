import { OpstackError } from '../model/errors.js';

/** Where a request went, for messages: never includes the token. */
export interface RequestSite {
  readonly baseUrl: string;
  readonly datacenter: string;
  readonly method: string;
  readonly path: string;
}

const where = (site: RequestSite): string => `Consul at ${site.baseUrl} (datacenter "${site.datacenter}")`;
const call = (site: RequestSite): string => `${site.method} ${site.path}`;

/**
 * Turns a Consul error answer into a typed error that says what to check. The texts matched
 * are Consul's own (consul-operator-api.md §2.1, §2.3, §2.5).
 */
export function consulHttpError(site: RequestSite, status: number, body: string): OpstackError {
  const text = body.trim();
  if (status === 403 && text.includes('ACL not found')) {
    return new OpstackError('AclNotFound', `${where(site)} does not know the ACL token sent with ${call(site)} (403: ${text}).`, 'Check CONSUL_HTTP_TOKEN / CONSUL_HTTP_TOKEN_FILE: the token may be missing, deleted, or from another cluster.');
  }
  if (status === 403) {
    return new OpstackError('AclDenied', `${where(site)} denied ${call(site)} (403: ${text}).`, 'Give the token a policy with `operator = "write"` (apply) or `operator = "read"` (plan, drift).');
  }
  if (text.includes('No cluster leader')) {
    return new OpstackError('NoLeader', `${where(site)} has no cluster leader (${call(site)} answered ${status}).`, 'The servers have lost quorum or are electing a leader. Check `consul operator raft list-peers` and the server logs, then run again. Nothing was changed by this request.');
  }
  if (text.includes('No path to datacenter')) {
    return new OpstackError('NoPathToDatacenter', `${where(site)} has no path to datacenter "${site.datacenter}".`, 'Check the datacenter name in the stack, and that the datacenter is joined over the WAN to the one you are talking to.');
  }
  if (status === 404) {
    return new OpstackError('UnknownEndpoint', `${where(site)} has no endpoint ${call(site)} (404: ${text || 'empty body'}).`, 'Check that the address is a Consul HTTP API and that the agent is recent enough for this operation.');
  }
  if (status === 400) {
    return new OpstackError('BadRequest', `${where(site)} rejected ${call(site)} (400: ${text}).`, 'This is likely a bug in opstack; please report it with the plan (no secrets are in it).');
  }
  return new OpstackError('ServerError', `${where(site)} answered ${call(site)} with ${status}: ${text || 'empty body'}.`, 'Check the Consul server logs; run again once the cluster is healthy.');
}

/** Turns a transport failure (no HTTP answer at all) into a typed error. */
export function consulTransportError(site: RequestSite, error: unknown, timeoutMs: number): OpstackError {
  const code = transportCode(error);
  if (code === 'TimeoutError') {
    return new OpstackError('Timeout', `${where(site)} did not answer ${call(site)} within ${timeoutMs} ms.`, 'Check the network path to the agent, or raise --http-timeout.');
  }
  if (/CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/i.test(code)) {
    return new OpstackError('TlsFailed', `TLS with ${where(site)} failed (${code}).`, 'Check the CA (ca_file / CONSUL_CACERT), the server name (CONSUL_TLS_SERVER_NAME), the client certificate, and that the scheme matches what the agent serves.');
  }
  const detail = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : `connection failed: ${code}`;
  return new OpstackError('ConnectionFailed', `Cannot reach ${where(site)} for ${call(site)}: ${detail}.`, 'Check the address (provider block or CONSUL_HTTP_ADDR) and that the Consul agent is running and reachable.');
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

/** Transport failures and 5xx answers to a read are worth another try; everything else is final. */
export function isRetryableRead(error: OpstackError): boolean {
  return ['ConnectionFailed', 'Timeout', 'NoLeader', 'ServerError'].includes(error.code);
}
