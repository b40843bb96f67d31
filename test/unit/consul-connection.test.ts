import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConsulConnection } from '../../src/api/consul-connection.js';
import type { ConsulTarget } from '../../src/model/target.js';
import { tempDir } from '../support/temp-dir.js';

const target = (extra: Partial<ConsulTarget> = {}): ConsulTarget => ({
  product: 'consul',
  datacenter: 'dc1',
  ...extra,
});
const dir = tempDir('conn');
const tlsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
const fixture = (name: string) => join(tlsDir, name);
const pem = (name: string) => readFileSync(fixture(name), 'utf8');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('resolving where and how to talk to Consul (prior-art.md §6.1)', () => {
  it.each([
    [{}, {}, 'http://127.0.0.1:8500'],
    [{}, { CONSUL_HTTP_ADDR: '10.0.0.1:8500' }, 'http://10.0.0.1:8500'],
    [{}, { CONSUL_HTTP_ADDR: 'https://consul.example:8501' }, 'https://consul.example:8501'],
    [{}, { CONSUL_HTTP_ADDR: 'consul.example:8501', CONSUL_HTTP_SSL: 'true' }, 'https://consul.example:8501'],
    [{ address: 'stack.example:8500' }, { CONSUL_HTTP_ADDR: 'env.example:8500' }, 'http://stack.example:8500'],
    [{ address: 'stack.example:8501', scheme: 'https' as const }, {}, 'https://stack.example:8501'],
    [{ address: 'http://stack.example:8500/' }, {}, 'http://stack.example:8500'],
  ])('target %j with env %j → %s', (extra, env, baseUrl) => {
    expect(resolveConsulConnection(target(extra), env).baseUrl).toBe(baseUrl);
  });

  it('CONSUL_HTTP_TOKEN_FILE wins over CONSUL_HTTP_TOKEN, trimmed', () => {
    const connection = resolveConsulConnection(target(), {
      CONSUL_HTTP_TOKEN: 'from-env',
      CONSUL_HTTP_TOKEN_FILE: file('token', '  from-file\n'),
    });
    expect(connection.token).toBe('from-file');
    expect(resolveConsulConnection(target(), { CONSUL_HTTP_TOKEN: 'from-env' }).token).toBe('from-env');
  });

  it('an unreadable token file is an error that names the variable, not the token', () => {
    expect(() => resolveConsulConnection(target(), { CONSUL_HTTP_TOKEN_FILE: join(dir, 'missing') })).toThrow(
      /CONSUL_HTTP_TOKEN_FILE/,
    );
  });

  it(
    'TLS: the provider block wins over CONSUL_CACERT, ' +
      'CONSUL_CLIENT_CERT/KEY; server name loses its port; SSL_VERIFY=false',
    () => {
      const connection = resolveConsulConnection(target({ caFile: fixture('server-cert.pem') }), {
        CONSUL_CACERT: fixture('client-cert.pem'),
        CONSUL_CLIENT_CERT: fixture('client-cert.pem'),
        CONSUL_CLIENT_KEY: fixture('client-key.pem'),
        CONSUL_TLS_SERVER_NAME: 'server.dc1.consul:8501',
        CONSUL_HTTP_SSL_VERIFY: 'false',
      });
      expect(connection.tls).toEqual({
        ca: pem('server-cert.pem'),
        cert: pem('client-cert.pem'),
        key: pem('client-key.pem'),
        serverName: 'server.dc1.consul',
        verify: false,
      });
    },
  );

  it.each([
    [{ certFile: fixture('client-cert.pem') }, {}, /both a certificate and a key/],
    [{ caFile: join(dir, 'missing.pem') }, {}, /Cannot read the CA certificate file/],
    [{ caFile: fixture('client-key.pem') }, {}, /does not hold a PEM CA certificate/],
    [
      { certFile: fixture('client-cert.pem'), keyFile: fixture('client-cert.pem') },
      {},
      /does not hold a PEM client key/,
    ],
    [
      { certFile: fixture('client-cert.pem'), keyFile: fixture('server-key.pem') },
      {},
      /does not belong to the client certificate/,
    ],
    [{}, { CONSUL_HTTP_SSL: 'maybe' }, /CONSUL_HTTP_SSL="maybe" is not a boolean/],
    [{}, { CONSUL_HTTP_SSL_VERIFY: 'maybe' }, /CONSUL_HTTP_SSL_VERIFY="maybe" is not a boolean/],
    [
      { address: 'unix:///var/run/consul.sock' },
      {},
      /is a Unix socket \(unsupported scheme "unix"\), which opstack cannot reach yet/,
    ],
    [{ address: 'consul.example:0' }, {}, /port "0", which is not a number from 1 to 65535/],
    [{ address: 'consul.example:99999' }, {}, /port "99999"/],
    [{ address: 'consul.example:abc' }, {}, /port "abc"/],
    [{ address: 'http://consul.example:8500/v1' }, {}, /has a path/],
    [{ address: '[10.0.0.1]:8500' }, {}, /not an IPv6 address/],
    [{ address: 'bad_host!:8500' }, {}, /no valid host/],
    [{}, { CONSUL_HTTP_ADDR: 'http://' }, /CONSUL_HTTP_ADDR "http:\/\/" has no valid host/],
  ])('target %j with env %j is refused: %s', (extra, env, message) => {
    expect(() => resolveConsulConnection(target(extra), env)).toThrow(message);
  });

  it('credentials in an address are refused without repeating them', () => {
    for (const [extra, env] of [
      [{ address: 'http://admin:s3cr3tpw@consul.example:8500' }, {}],
      [{}, { CONSUL_HTTP_ADDR: 'admin:s3cr3tpw@consul.example:8500' }],
    ] as const) {
      let message = '';
      try {
        resolveConsulConnection(target(extra), env);
      } catch (error) {
        message = `${(error as Error).message} ${(error as { hint?: string }).hint}`;
      }
      expect(message).toContain('holds credentials');
      expect(message).not.toContain('s3cr3tpw');
    }
  });
});
