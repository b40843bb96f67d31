import { isIP } from 'node:net';
import { OpstackError } from '../model/errors.js';

export interface ParsedAddress {
  /** Absent for a bare `host:port`; the caller picks the scheme then. */
  readonly scheme?: 'http' | 'https';
  /** `host:port`, `host` or `[v6]:port`, as it goes into the base URL. */
  readonly hostPort: string;
}

/**
 * Checks and splits an agent address as the Consul and Nomad clients accept it: `host`,
 * `host:port`, or an `http://` / `https://` URL with at most a trailing `/`. Refused with a
 * message that never repeats credentials: `user:password@` (a secret in the stack or the
 * environment), other schemes, ports outside 1–65535, paths, queries, malformed hosts.
 * `source` names where it came from, e.g. `The provider address` or `CONSUL_HTTP_ADDR`.
 */
export function parseAddress(address: string, source: string): ParsedAddress {
  const refuse = (why: string, hint = 'Use host:port, http://host:port or https://host:port.') =>
    new OpstackError('InvalidConfig', `${source} ${why}.`, hint);
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(address);
  const scheme = match?.[1]?.toLowerCase();
  const rest = match ? (match[2] ?? '') : address;
  if (/@/.test(rest.split('/')[0] ?? '')) {
    throw refuse(
      'holds credentials (user:password@); opstack never takes ' +
        'secrets from an address, which is printed and saved in plans',
      'Remove them from the address; give an ACL token in CONSUL_HTTP_TOKEN / CONSUL_HTTP_TOKEN_FILE or ' +
        "NOMAD_TOKEN instead, and a proxy's user:password in CONSUL_HTTP_AUTH / NOMAD_HTTP_AUTH.",
    );
  }
  if (scheme === 'unix') {
    // The Go clients can dial an agent's Unix socket; opstack talks TCP only, for now.
    throw refuse(
      `${JSON.stringify(address)} is a Unix socket (unsupported scheme "unix"), which opstack cannot reach yet`,
      "Give the agent's TCP HTTP address instead (addresses.http in its configuration), e.g. 127.0.0.1:8500 " +
        '(Consul) or http://127.0.0.1:4646 (Nomad).',
    );
  }
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    throw refuse(`${JSON.stringify(address)} has an unsupported scheme ${JSON.stringify(scheme)}`);
  const hostPort = rest.replace(/\/$/, '');
  if (/[/?#\s]/.test(hostPort))
    throw refuse(`${JSON.stringify(address)} has a path, query or space; opstack needs the agent's address only`);
  const problem = hostPortProblem(hostPort);
  if (problem) throw refuse(`${JSON.stringify(address)} ${problem}`);
  return { ...(scheme ? { scheme } : {}), hostPort };
}

/** Why `host[:port]` (IPv6 in brackets) is malformed, or undefined. */
export function hostPortProblem(hostPort: string): string | undefined {
  const bracketed = /^\[([^\]]*)\](?::([^:]*))?$/.exec(hostPort);
  const [host, port] = bracketed ? [bracketed[1] ?? '', bracketed[2]] : hostPort.split(/:(?=[^:]*$)/);
  if (bracketed && isIP(host ?? '') !== 6) return 'has brackets around something that is not an IPv6 address';
  if (!bracketed && hostPort.split(':').length > 2)
    return 'is ambiguous: put an IPv6 address in brackets, e.g. [::1]:8500';
  if (!bracketed && !isHost(host ?? '')) return 'has no valid host name or IP address';
  if (port === undefined) return undefined;
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535
    ? undefined
    : `has port ${JSON.stringify(port)}, which is not a number from 1 to 65535`;
}

/** An IPv4 address or an RFC 1123 host name. */
function isHost(host: string): boolean {
  if (isIP(host) === 4) return true;
  if (host.length === 0 || host.length > 253 || /^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/.test(label));
}
