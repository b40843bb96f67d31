import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveNomadConnection } from '../../src/api/nomad-connection.js';

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
const file = (name: string) => join(tlsDir, name);
const pem = (name: string) => readFileSync(file(name), 'utf8');

describe('resolving where and how to talk to Nomad (prior-art.md §6.2)', () => {
  it('defaults to http://127.0.0.1:4646 and region global, with no token', () => {
    expect(resolveNomadConnection({ product: 'nomad' }, {})).toMatchObject({
      product: 'nomad',
      baseUrl: 'http://127.0.0.1:4646',
      scope: { param: 'region', value: 'global' },
      tokenHeader: 'x-nomad-token',
    });
    expect(resolveNomadConnection({ product: 'nomad' }, {}).token).toBeUndefined();
  });

  it('NOMAD_ADDR, NOMAD_REGION and NOMAD_TOKEN fill in; the provider block wins', () => {
    const env = { NOMAD_ADDR: 'https://nomad.env:4646', NOMAD_REGION: 'ap', NOMAD_TOKEN: ' secret-id \n' };
    expect(resolveNomadConnection({ product: 'nomad' }, env)).toMatchObject({
      baseUrl: 'https://nomad.env:4646',
      scope: { value: 'ap' },
      token: 'secret-id',
    });
    expect(
      resolveNomadConnection({ product: 'nomad', address: 'http://nomad.stack:4646', region: 'eu' }, env),
    ).toMatchObject({ baseUrl: 'http://nomad.stack:4646', scope: { value: 'eu' } });
  });

  it(
    'TLS: NOMAD_CACERT, NOMAD_CLIENT_CERT/KEY, NOMAD_TLS_SERVER_NAME, ' +
      'and NOMAD_SKIP_VERIFY=true turns verification off',
    () => {
      const connection = resolveNomadConnection(
        { product: 'nomad', caFile: file('server-cert.pem') },
        {
          NOMAD_CACERT: file('client-cert.pem'),
          NOMAD_CLIENT_CERT: file('client-cert.pem'),
          NOMAD_CLIENT_KEY: file('client-key.pem'),
          NOMAD_TLS_SERVER_NAME: 'server.eu.nomad',
          NOMAD_SKIP_VERIFY: 'true',
        },
      );
      expect(connection.tls).toEqual({
        ca: pem('server-cert.pem'),
        cert: pem('client-cert.pem'),
        key: pem('client-key.pem'),
        serverName: 'server.eu.nomad',
        verify: false,
      });
      expect(resolveNomadConnection({ product: 'nomad' }, { NOMAD_SKIP_VERIFY: 'false' }).tls.verify).toBe(true);
    },
  );
});
