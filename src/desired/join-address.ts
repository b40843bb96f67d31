import { isIP } from 'node:net';

/**
 * Why a `retry_join` entry is not IP, IP:port, hostname or hostname:port, or undefined.
 * IPv6 takes a port only in brackets (`[::1]:8302`), as Go's net.SplitHostPort expects.
 */
export function joinAddressProblem(entry: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return isIP(bracketed[1] ?? '') === 6
      ? portProblem(bracketed[2])
      : `"${entry}" has brackets around something that is not an IPv6 address.`;
  if (isIP(entry) === 6) return undefined;
  const [host = '', port, ...rest] = entry.split(':');
  if (rest.length > 0)
    return `"${entry}" is not IP, IP:port, hostname or hostname:port (put IPv6 addresses with a port in brackets).`;
  if (isIP(host) !== 4 && !isHostname(host)) return `"${entry}" is not IP, IP:port, hostname or hostname:port.`;
  return portProblem(port);
}

function portProblem(port: string | undefined): string | undefined {
  if (port === undefined) return undefined;
  const value = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  return value >= 1 && value <= 65535 ? undefined : `port ${JSON.stringify(port)} is outside 1–65535.`;
}

/** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
function isHostname(host: string): boolean {
  if (host.length === 0 || host.length > 253 || /^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
