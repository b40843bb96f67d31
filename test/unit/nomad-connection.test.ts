import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveNomadConnection } from '../../src/api/nomad-connection.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('nomad-conn');
const file = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, name.toUpperCase());
  return path;
};

describe('resolving where and how to talk to Nomad (prior-art.md §6.2)', () => {
  it('defaults to http://127.0.0.1:4646 and region global, with no token', () => {
    expect(resolveNomadConnection({ product: 'nomad' }, {})).toMatchObject({ product: 'nomad', baseUrl: 'http://127.0.0.1:4646', scope: { param: 'region', value: 'global' }, tokenHeader: 'x-nomad-token' });
    expect(resolveNomadConnection({ product: 'nomad' }, {}).token).toBeUndefined();
  });

  it('NOMAD_ADDR, NOMAD_REGION and NOMAD_TOKEN fill in; the provider block wins', () => {
    const env = { NOMAD_ADDR: 'https://nomad.env:4646', NOMAD_REGION: 'ap', NOMAD_TOKEN: ' secret-id \n' };
    expect(resolveNomadConnection({ product: 'nomad' }, env)).toMatchObject({ baseUrl: 'https://nomad.env:4646', scope: { value: 'ap' }, token: 'secret-id' });
    expect(resolveNomadConnection({ product: 'nomad', address: 'http://nomad.stack:4646', region: 'eu' }, env)).toMatchObject({ baseUrl: 'http://nomad.stack:4646', scope: { value: 'eu' } });
  });

  it('TLS: NOMAD_CACERT, NOMAD_CLIENT_CERT/KEY, NOMAD_TLS_SERVER_NAME, and NOMAD_SKIP_VERIFY=true turns verification off', () => {
    const connection = resolveNomadConnection({ product: 'nomad', caFile: file('ca.pem') }, {
      NOMAD_CACERT: file('other.pem'),
      NOMAD_CLIENT_CERT: file('cert.pem'),
      NOMAD_CLIENT_KEY: file('key.pem'),
      NOMAD_TLS_SERVER_NAME: 'server.eu.nomad',
      NOMAD_SKIP_VERIFY: 'true',
    });
    expect(connection.tls).toEqual({ ca: 'CA.PEM', cert: 'CERT.PEM', key: 'KEY.PEM', serverName: 'server.eu.nomad', verify: false });
    expect(resolveNomadConnection({ product: 'nomad' }, { NOMAD_SKIP_VERIFY: 'false' }).tls.verify).toBe(true);
  });
});
