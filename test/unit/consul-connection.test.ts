import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConsulConnection } from '../../src/api/consul-connection.js';
import type { ConsulTarget } from '../../src/model/target.js';
import { tempDir } from '../support/temp-dir.js';

const target = (extra: Partial<ConsulTarget> = {}): ConsulTarget => ({ product: 'consul', datacenter: 'dc1', ...extra });
const dir = tempDir('conn');
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
    const connection = resolveConsulConnection(target(), { CONSUL_HTTP_TOKEN: 'from-env', CONSUL_HTTP_TOKEN_FILE: file('token', '  from-file\n') });
    expect(connection.token).toBe('from-file');
    expect(resolveConsulConnection(target(), { CONSUL_HTTP_TOKEN: 'from-env' }).token).toBe('from-env');
  });

  it('an unreadable token file is an error that names the variable, not the token', () => {
    expect(() => resolveConsulConnection(target(), { CONSUL_HTTP_TOKEN_FILE: join(dir, 'missing') })).toThrow(/CONSUL_HTTP_TOKEN_FILE/);
  });

  it('TLS: the provider block wins over CONSUL_CACERT, CONSUL_CLIENT_CERT/KEY; server name loses its port; SSL_VERIFY=false', () => {
    const connection = resolveConsulConnection(target({ caFile: file('stack-ca.pem', 'STACK CA') }), {
      CONSUL_CACERT: file('env-ca.pem', 'ENV CA'),
      CONSUL_CLIENT_CERT: file('cert.pem', 'CERT'),
      CONSUL_CLIENT_KEY: file('key.pem', 'KEY'),
      CONSUL_TLS_SERVER_NAME: 'server.dc1.consul:8501',
      CONSUL_HTTP_SSL_VERIFY: 'false',
    });
    expect(connection.tls).toEqual({ ca: 'STACK CA', cert: 'CERT', key: 'KEY', serverName: 'server.dc1.consul', verify: false });
  });

  it('a client certificate without its key is refused', () => {
    expect(() => resolveConsulConnection(target({ certFile: file('c.pem', 'C') }), {})).toThrow(/both a certificate and a key/);
  });

  it('an unsupported scheme is refused', () => {
    expect(() => resolveConsulConnection(target({ address: 'unix:///var/run/consul.sock' }), {})).toThrow(/unsupported scheme "unix"/);
  });
});
