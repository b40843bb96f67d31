/**
 * One spelling per HTTP endpoint, so two stacks that reach the same agent compare equal:
 * `http://localhost:8500/`, `127.0.0.1:8500` and `HTTP://127.0.0.2:8500` all become
 * `http://127.0.0.1:8500`. Takes a resolved base URL (`<scheme>://<host>[:port]`, what the client
 * sends to); a missing port is the scheme's (80 or 443), because that is where the request goes.
 * Every loopback spelling (`localhost`, 127.0.0.0/8, `::1`) names this machine.
 */
export function normaliseBaseUrl(baseUrl: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?\/*$/i.exec(baseUrl);
  if (!match) return baseUrl;
  const scheme = (match[1] ?? '').toLowerCase();
  const host = (match[2] ?? '').toLowerCase().replace(/\.$/, '');
  const port = match[3] === undefined ? (scheme === 'https' ? 443 : 80) : Number(match[3]);
  return `${scheme}://${isLoopback(host) ? '127.0.0.1' : host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
