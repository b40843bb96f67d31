import { readFileSync } from 'node:fs';
import { OpstackError } from '../model/errors.js';
import type { ConsulTarget } from '../model/target.js';
import type { ApiConnection, Environment } from './connection.js';
import { parseAddress } from './address.js';
import { basicAuthVariable, boolVariable, headerToken, loadTls, nonEmpty, serverNameVariable } from './tls-settings.js';

/**
 * Resolves a target the way the Terraform provider does: the stack's provider block wins over
 * the environment, and the environment is read as Consul's own api.DefaultConfig() reads it
 * (prior-art.md §6.1): CONSUL_HTTP_ADDR (with or without scheme), CONSUL_HTTP_SSL,
 * CONSUL_HTTP_TOKEN_FILE over CONSUL_HTTP_TOKEN, CONSUL_CACERT, CONSUL_CLIENT_CERT,
 * CONSUL_CAPATH, CONSUL_CLIENT_KEY, CONSUL_TLS_SERVER_NAME, CONSUL_HTTP_SSL_VERIFY, CONSUL_HTTP_AUTH.
 */
export function resolveConsulConnection(target: ConsulTarget, env: Environment): ApiConnection {
  const verify = boolVariable(env, 'CONSUL_HTTP_SSL_VERIFY');
  const token = readToken(env);
  const authorization = basicAuthVariable(env, 'CONSUL_HTTP_AUTH');
  return {
    product: 'consul',
    baseUrl: consulBaseUrl(target, env),
    scope: { param: 'dc', value: target.datacenter },
    ...(token ? { token } : {}),
    tokenHeader: 'x-consul-token',
    ...(authorization ? { authorization } : {}),
    tls: loadTls({
      caFile: target.caFile ?? nonEmpty(env.CONSUL_CACERT),
      caPath: nonEmpty(env.CONSUL_CAPATH),
      certFile: target.certFile ?? nonEmpty(env.CONSUL_CLIENT_CERT),
      keyFile: target.keyFile ?? nonEmpty(env.CONSUL_CLIENT_KEY),
      serverName: serverNameVariable(env, 'CONSUL_TLS_SERVER_NAME', 'server.dc1.consul'),
      verify: verify !== false,
      variables: 'CONSUL_CACERT / CONSUL_CAPATH / CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY',
    }),
  };
}

/**
 * Where a Consul target's requests go, `<scheme>://<host:port>`: from the block, else CONSUL_HTTP_ADDR /
 * CONSUL_HTTP_SSL.
 */
export function consulBaseUrl(target: ConsulTarget, env: Environment): string {
  const source = target.address ? "The provider block's address" : 'CONSUL_HTTP_ADDR';
  const { scheme: addressScheme, hostPort } = parseAddress(
    target.address ?? nonEmpty(env.CONSUL_HTTP_ADDR) ?? '127.0.0.1:8500',
    source,
  );
  // Consul's own client lets an address's scheme override `scheme`; rather than pick one, say so.
  if (target.scheme !== undefined && addressScheme !== undefined && target.scheme !== addressScheme) {
    throw new OpstackError(
      'InvalidConfig',
      `The provider block's scheme ${JSON.stringify(target.scheme)} contradicts ` +
        `its address ${JSON.stringify(target.address ?? env.CONSUL_HTTP_ADDR)}.`,
      'Give the scheme once: in the address (https://host:8501) or in `scheme`, not both.',
    );
  }
  const sslFromEnv = boolVariable(env, 'CONSUL_HTTP_SSL');
  return `${target.scheme ?? addressScheme ?? (sslFromEnv ? 'https' : 'http')}://${hostPort}`;
}

/** CONSUL_HTTP_TOKEN_FILE wins over CONSUL_HTTP_TOKEN, as in Consul's api.DefaultConfig(). */
function readToken(env: Environment): string | undefined {
  const file = nonEmpty(env.CONSUL_HTTP_TOKEN_FILE);
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new OpstackError(
        'InvalidConfig',
        `Cannot read the token file named by CONSUL_HTTP_TOKEN_FILE (${file}).`,
        'Check that the file exists and is readable, or unset CONSUL_HTTP_TOKEN_FILE.',
      );
    }
    const fromFile = text.trim();
    if (fromFile) return headerToken(fromFile, 'The file named by CONSUL_HTTP_TOKEN_FILE');
  }
  return headerToken(nonEmpty(env.CONSUL_HTTP_TOKEN?.trim()), 'CONSUL_HTTP_TOKEN');
}
