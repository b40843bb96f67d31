import type { NomadTarget } from '../model/target.js';
import type { ApiConnection, Environment } from './connection.js';
import { parseAddress } from './address.js';
import { basicAuthVariable, boolVariable, headerToken, loadTls, nonEmpty, serverNameVariable } from './tls-settings.js';

/**
 * Resolves a Nomad target: the stack's provider block wins over the environment, which is read
 * as Nomad's own api.DefaultConfig() reads it (prior-art.md §6.2): NOMAD_ADDR (a URL; default
 * http://127.0.0.1:4646), NOMAD_TOKEN (sent as X-Nomad-Token), NOMAD_REGION, NOMAD_CACERT, NOMAD_CAPATH,
 * NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY, NOMAD_TLS_SERVER_NAME, NOMAD_SKIP_VERIFY, NOMAD_HTTP_AUTH.
 */
export function resolveNomadConnection(target: NomadTarget, env: Environment): ApiConnection {
  const skipVerify = boolVariable(env, 'NOMAD_SKIP_VERIFY');
  const token = headerToken(nonEmpty(env.NOMAD_TOKEN?.trim()), 'NOMAD_TOKEN');
  const authorization = basicAuthVariable(env, 'NOMAD_HTTP_AUTH');
  const region = nomadRegion(target, env);
  return {
    product: 'nomad',
    baseUrl: nomadBaseUrl(target, env),
    scope: { param: 'region', value: region },
    ...(token ? { token } : {}),
    tokenHeader: 'x-nomad-token',
    ...(authorization ? { authorization } : {}),
    tls: loadTls({
      caFile: target.caFile ?? nonEmpty(env.NOMAD_CACERT),
      caPath: nonEmpty(env.NOMAD_CAPATH),
      certFile: target.certFile ?? nonEmpty(env.NOMAD_CLIENT_CERT),
      keyFile: target.keyFile ?? nonEmpty(env.NOMAD_CLIENT_KEY),
      serverName: serverNameVariable(env, 'NOMAD_TLS_SERVER_NAME', 'server.global.nomad'),
      verify: skipVerify !== true,
      variables: 'NOMAD_CACERT / NOMAD_CAPATH / NOMAD_CLIENT_CERT / NOMAD_CLIENT_KEY',
    }),
  };
}

/** Where a Nomad target's requests go, `<scheme>://<host:port>`: from the block, else NOMAD_ADDR. */
export function nomadBaseUrl(target: NomadTarget, env: Environment): string {
  const source = target.address ? "The provider block's address" : 'NOMAD_ADDR';
  const { scheme, hostPort } = parseAddress(
    target.address ?? nonEmpty(env.NOMAD_ADDR) ?? 'http://127.0.0.1:4646',
    source,
  );
  return `${scheme ?? 'http'}://${hostPort}`;
}

/** Nomad agents default to region "global"; naming it always keeps ?region= on every request. */
export function nomadRegion(target: NomadTarget, env: Environment): string {
  return target.region ?? nonEmpty(env.NOMAD_REGION) ?? 'global';
}
