import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startSimulator } from '../support/simulators.js';

const tlsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
const pem = (name: string) => readFileSync(join(tlsDir, name), 'utf8');
const CA = join(tlsDir, 'server-cert.pem');
const CLIENT_CERT = join(tlsDir, 'client-cert.pem');
const CLIENT_KEY = join(tlsDir, 'client-key.pem');

let sim: Simulator | undefined;

/** An HTTPS simulator whose certificate names only server.dc1.consul. */
async function httpsStack(options: { requireClientCert?: boolean; provider?: Record<string, unknown> } = {}) {
  sim = await startSimulator({
    tls: {
      cert: pem('server-cert.pem'),
      key: pem('server-key.pem'),
      ...(options.requireClientCert ? { clientCa: pem('client-cert.pem') } : {}),
    },
  });
  return writeSynthDir(
    [
      {
        name: 'dc1',
        provider: { address: `https://${sim.address}`, datacenter: 'dc1', ...options.provider },
        autopilot: { min_quorum: 3 },
      },
    ],
    '',
  );
}

describe('TLS to the Consul HTTP API', () => {
  it('an unknown CA is a TLS failure that says what to check', async () => {
    const result = await runCli(['plan', '--synth-dir', await httpsStack()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TLS with Consul at https://');
    expect(result.stderr).toContain('CONSUL_CACERT');
  });

  it('CONSUL_CACERT alone is not enough when the certificate does not name the address', async () => {
    const result = await runCli(['plan', '--synth-dir', await httpsStack()], { env: { CONSUL_CACERT: CA } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TLS with Consul');
  });

  it('CONSUL_CACERT with CONSUL_TLS_SERVER_NAME verifies the server', async () => {
    const result = await runCli(['plan', '--synth-dir', await httpsStack()], {
      env: { CONSUL_CACERT: CA, CONSUL_TLS_SERVER_NAME: 'server.dc1.consul:8501' },
    });
    expect(result.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(result.code).toBe(0);
  });

  it("the provider block's ca_file is used (and wins over CONSUL_CACERT)", async () => {
    const synthDir = await httpsStack({ provider: { ca_file: CA } });
    const result = await runCli(['plan', '--synth-dir', synthDir], {
      env: { CONSUL_CACERT: CLIENT_CERT, CONSUL_TLS_SERVER_NAME: 'server.dc1.consul' },
    });
    expect(result.code).toBe(0);
  });

  it('CONSUL_HTTP_SSL_VERIFY=false skips verification', async () => {
    const result = await runCli(['plan', '--synth-dir', await httpsStack()], {
      env: { CONSUL_HTTP_SSL_VERIFY: 'false' },
    });
    expect(result.code).toBe(0);
  });

  it('a server that requires a client certificate gets CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY', async () => {
    const synthDir = await httpsStack({ requireClientCert: true });
    const env = { CONSUL_CACERT: CA, CONSUL_TLS_SERVER_NAME: 'server.dc1.consul' };
    expect((await runCli(['plan', '--synth-dir', synthDir], { env })).code).toBe(1);
    const withCert = await runCli(['plan', '--synth-dir', synthDir], {
      env: { ...env, CONSUL_CLIENT_CERT: CLIENT_CERT, CONSUL_CLIENT_KEY: CLIENT_KEY },
    });
    expect(withCert.code).toBe(0);
  });
});
