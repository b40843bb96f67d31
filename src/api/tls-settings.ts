import { readFileSync } from 'node:fs';
import { OpstackError } from '../model/errors.js';
import type { ApiConnection } from './connection.js';

/** TLS files and switches as resolved from a provider block and the environment. */
export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  readonly verify: boolean;
  /** How the user names these settings, for error hints (e.g. "CONSUL_CACERT / CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY"). */
  readonly variables: string;
}

/** Reads the PEM files and checks that a client certificate comes with its key. */
export function loadTls(files: TlsFiles): ApiConnection['tls'] {
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new OpstackError('InvalidConfig', 'A client certificate needs both a certificate and a key file.', `Set both cert_file and key_file (or ${files.variables}), or neither.`);
  }
  const readPem = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new OpstackError('InvalidConfig', `Cannot read the ${what} file ${path}.`, `Check the path in the provider block or the ${files.variables} variables.`);
    }
  };
  return {
    ...(files.caFile ? { ca: readPem(files.caFile, 'CA certificate') } : {}),
    ...(files.certFile ? { cert: readPem(files.certFile, 'client certificate') } : {}),
    ...(files.keyFile ? { key: readPem(files.keyFile, 'client key') } : {}),
    // Like the Go clients, a server name given with a port uses only the host.
    ...(files.serverName ? { serverName: files.serverName.replace(/:\d+$/, '') } : {}),
    verify: files.verify,
  };
}

/** `http://host:port/` → scheme and host:port; a bare host:port has no scheme. */
export function splitAddress(address: string, product: string): { scheme?: 'http' | 'https'; hostPort: string } {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(address);
  if (!match) return { hostPort: address.replace(/\/+$/, '') };
  const scheme = match[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new OpstackError('InvalidConfig', `${product} address "${address}" has an unsupported scheme "${scheme}".`, 'Use host:port, http://host:port or https://host:port.');
  }
  return { scheme, hostPort: (match[2] ?? '').replace(/\/+$/, '') };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
