import { createPrivateKey, X509Certificate } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { OpstackError } from '../model/errors.js';
import { hostPortProblem } from './address.js';
import type { ApiConnection, Environment } from './connection.js';
import { parseGoBool } from './go-parse-bool.js';

/** TLS files and switches as resolved from a provider block and the environment. */
export interface TlsFiles {
  readonly caFile?: string;
  /** A directory of CA certificates (CONSUL_CAPATH, NOMAD_CAPATH), used when no CA file is given. */
  readonly caPath?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  readonly verify: boolean;
  /**
   * How the user names these settings, for error hints (e.g. "CONSUL_CACERT / CONSUL_CAPATH /
   * CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY").
   */
  readonly variables: string;
}

/**
 * Reads the PEM files and checks them before any request: each file exists and holds what its
 * name says (a certificate, a private key), and a client certificate comes with its own key.
 */
export function loadTls(files: TlsFiles): ApiConnection['tls'] {
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new OpstackError(
      'InvalidConfig',
      'A client certificate needs both a certificate and a key file.',
      `Set both cert_file and key_file (or ${files.variables}), or neither.`,
    );
  }
  const readPem = (path: string, what: string, check: (pem: string) => unknown) => {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch {
      throw new OpstackError(
        'InvalidConfig',
        `Cannot read the ${what} file ${path}.`,
        `Check the path in the provider block or the ${files.variables} variables.`,
      );
    }
    try {
      check(pem);
    } catch {
      // The file's content is never quoted: a key file holds a secret.
      throw new OpstackError(
        'InvalidConfig',
        `The ${what} file ${path} does not hold a PEM ${what}.`,
        `Check the path in the provider block or the ${files.variables} variables.`,
      );
    }
    return pem;
  };
  const readCa = (path: string) => readPem(path, 'CA certificate', (pem) => new X509Certificate(pem));
  // As go-rootcerts: a CA file wins over a CA directory, whose every file (below it too) must be a certificate.
  const ca = files.caFile ? readCa(files.caFile) : files.caPath ? caDirectory(files, readCa) : undefined;
  const cert = files.certFile
    ? readPem(files.certFile, 'client certificate', (pem) => new X509Certificate(pem))
    : undefined;
  const key = files.keyFile ? readPem(files.keyFile, 'client key', (pem) => createPrivateKey(pem)) : undefined;
  if (cert && key && !new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
    throw new OpstackError(
      'InvalidConfig',
      `The client key ${files.keyFile} does not belong to the client certificate ${files.certFile}.`,
      'Give the key the certificate was issued for.',
    );
  }
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    // Like the Go clients, a server name given with a port uses only the host.
    ...(files.serverName ? { serverName: files.serverName.replace(/:\d+$/, '') } : {}),
    verify: files.verify,
  };
}

/** The PEM certificates of every file in `files.caPath` and below, concatenated (Node takes several in one `ca`). */
function caDirectory(files: TlsFiles, readCa: (path: string) => string): string {
  const root = files.caPath ?? '';
  const hint = `Check the path in the ${files.variables} variables.`;
  const walk = (dir: string): string[] => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      throw new OpstackError('InvalidConfig', `Cannot read the CA directory ${dir}.`, hint);
    }
    return entries.flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : [readCa(path)];
    });
  };
  const pems = walk(root);
  if (pems.length === 0)
    throw new OpstackError('InvalidConfig', `The CA directory ${root} holds no certificate.`, hint);
  return pems.join('\n');
}

/**
 * The name checked against the server's certificate (SNI), from `name` (CONSUL_TLS_SERVER_NAME,
 * NOMAD_TLS_SERVER_NAME): a DNS name or an IP address, with a port the Go clients drop. Anything else
 * could never match and would only fail at the TLS handshake.
 */
export function serverNameVariable(env: Environment, name: string, example: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined || isIP(value) === 6 || hostPortProblem(value) === undefined) return value;
  throw new OpstackError(
    'InvalidConfig',
    `${name} ${JSON.stringify(value.slice(0, 40))} is not a DNS name or an IP address.`,
    `Set it to the name in the server's certificate, e.g. ${example}, or unset it.`,
  );
}

/**
 * HTTP basic authentication for a proxy in front of the agent, from `name` (CONSUL_HTTP_AUTH,
 * NOMAD_HTTP_AUTH): `user` or `user:password`, as the Go clients read it (everything after the first
 * `:` is the password). The value is registered with the redactor at start (src/secrets) and never shown.
 */
export function basicAuthVariable(env: Environment, name: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  // A control character would make the header unsendable, or the user something the proxy never sees.
  if (/[\x00-\x1f\x7f]/.test(value))
    throw new OpstackError(
      'InvalidConfig',
      `${name} holds control characters.`,
      `Set it to user:password, or unset ${name}.`,
    );
  return `Basic ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** A boolean variable as Go's strconv.ParseBool reads it; anything else is refused, not ignored. */
export function boolVariable(env: Environment, name: string): boolean | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  const value = parseGoBool(text);
  if (value === undefined)
    throw new OpstackError(
      'InvalidConfig',
      `${name}=${JSON.stringify(text)} is not a boolean.`,
      `Use true or false (or 1/0, t/f), or unset ${name}.`,
    );
  return value;
}

/**
 * A token as an HTTP header can carry it (visible ASCII; Node refuses anything else only when the
 * request is sent, which read as "cannot reach" after every retry). The token is never quoted.
 */
export function headerToken(token: string | undefined, source: string): string | undefined {
  if (token === undefined || /^[\x21-\x7e]+$/.test(token)) return token;
  const hint = `Check ${source}: an ACL token is printable ASCII without spaces (Consul's and Nomad's are UUIDs).`;
  throw new OpstackError('InvalidConfig', `${source} holds characters an HTTP header cannot carry.`, hint);
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
