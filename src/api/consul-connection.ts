import { readFileSync } from 'node:fs';
import { OpstackError } from '../model/errors.js';
import type { ConsulTarget } from '../model/target.js';
import { parseGoBool } from './go-parse-bool.js';

/** Everything needed to talk to one Consul datacenter. Holds the token: never print it. */
export interface ConsulConnection {
  /** `http(s)://host:port`, without a trailing slash. */
  readonly baseUrl: string;
  readonly datacenter: string;
  readonly token?: string;
  readonly tls: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly serverName?: string;
    readonly verify: boolean;
  };
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Resolves a target the way the Terraform provider does: the stack's provider block wins over
 * the environment, and the environment is read as Consul's own api.DefaultConfig() reads it
 * (prior-art.md §6.1): CONSUL_HTTP_ADDR (with or without scheme), CONSUL_HTTP_SSL,
 * CONSUL_HTTP_TOKEN_FILE over CONSUL_HTTP_TOKEN, CONSUL_CACERT, CONSUL_CLIENT_CERT,
 * CONSUL_CLIENT_KEY, CONSUL_TLS_SERVER_NAME, CONSUL_HTTP_SSL_VERIFY.
 */
export function resolveConsulConnection(target: ConsulTarget, env: Environment): ConsulConnection {
  const rawAddress = target.address ?? nonEmpty(env.CONSUL_HTTP_ADDR) ?? '127.0.0.1:8500';
  const { scheme: addressScheme, hostPort } = splitAddress(rawAddress);
  const sslFromEnv = env.CONSUL_HTTP_SSL ? parseGoBool(env.CONSUL_HTTP_SSL) : undefined;
  const scheme = target.scheme ?? addressScheme ?? (sslFromEnv ? 'https' : 'http');
  const certFile = target.certFile ?? nonEmpty(env.CONSUL_CLIENT_CERT);
  const keyFile = target.keyFile ?? nonEmpty(env.CONSUL_CLIENT_KEY);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new OpstackError('InvalidConfig', 'A client certificate needs both a certificate and a key file.', 'Set both cert_file and key_file (or CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY), or neither.');
  }
  const caFile = target.caFile ?? nonEmpty(env.CONSUL_CACERT);
  const verifyText = nonEmpty(env.CONSUL_HTTP_SSL_VERIFY);
  const token = readToken(env);
  return {
    baseUrl: `${scheme}://${hostPort}`,
    datacenter: target.datacenter,
    ...(token ? { token } : {}),
    tls: {
      ...(caFile ? { ca: readPem(caFile, 'CA certificate') } : {}),
      ...(certFile ? { cert: readPem(certFile, 'client certificate') } : {}),
      ...(keyFile ? { key: readPem(keyFile, 'client key') } : {}),
      ...(env.CONSUL_TLS_SERVER_NAME ? { serverName: env.CONSUL_TLS_SERVER_NAME.replace(/:\d+$/, '') } : {}),
      verify: verifyText === undefined ? true : parseGoBool(verifyText) !== false,
    },
  };
}

function splitAddress(address: string): { scheme?: 'http' | 'https'; hostPort: string } {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(address);
  if (!match) return { hostPort: address.replace(/\/+$/, '') };
  const scheme = match[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new OpstackError('InvalidConfig', `Consul address "${address}" has an unsupported scheme "${scheme}".`, 'Use host:port, http://host:port or https://host:port.');
  }
  return { scheme, hostPort: (match[2] ?? '').replace(/\/+$/, '') };
}

/** CONSUL_HTTP_TOKEN_FILE wins over CONSUL_HTTP_TOKEN, as in Consul's api.DefaultConfig(). */
function readToken(env: Environment): string | undefined {
  const file = nonEmpty(env.CONSUL_HTTP_TOKEN_FILE);
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new OpstackError('InvalidConfig', `Cannot read the token file named by CONSUL_HTTP_TOKEN_FILE (${file}).`, 'Check that the file exists and is readable, or unset CONSUL_HTTP_TOKEN_FILE.');
    }
    const fromFile = text.trim();
    if (fromFile) return fromFile;
  }
  return nonEmpty(env.CONSUL_HTTP_TOKEN);
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new OpstackError('InvalidConfig', `Cannot read the ${what} file ${path}.`, 'Check the path in the provider block or the CONSUL_CACERT / CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY variables.');
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
