import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';
import { tempDir } from '../support/temp-dir.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';

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

  describe('CONSUL_CAPATH, a directory of CA certificates (as go-rootcerts reads it)', () => {
    const NAME = { CONSUL_TLS_SERVER_NAME: 'server.dc1.consul' };
    /** A directory holding `files` (name → content), subdirectories included. */
    const caDir = (files: Record<string, string>) => {
      const dir = tempDir('ca-path');
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
      return dir;
    };

    it('verifies the server with a CA found in the directory or below it', async () => {
      const dir = caDir({ 'other/client.pem': pem('client-cert.pem'), 'nested/deeper/ca.pem': pem('server-cert.pem') });
      const result = await runCli(['plan', '--synth-dir', await httpsStack()], {
        env: { CONSUL_CAPATH: dir, ...NAME },
      });
      expect(result.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      expect(result.code).toBe(0);
    });

    it('without the CA in it, the TLS failure names CONSUL_CAPATH among the settings to check', async () => {
      const dir = caDir({ 'client.pem': pem('client-cert.pem') });
      const result = await runCli(['plan', '--synth-dir', await httpsStack()], {
        env: { CONSUL_CAPATH: dir, ...NAME },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('TLS with Consul');
    });

    it('a file in it that is not a certificate is refused before any request, unquoted', async () => {
      const dir = caDir({ 'ca.pem': pem('server-cert.pem'), 'notes.txt': 'secret-ish notes 8812' });
      const synthDir = await httpsStack();
      const result = await runCli(['plan', '--synth-dir', synthDir], { env: { CONSUL_CAPATH: dir, ...NAME } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `The CA certificate file ${join(dir, 'notes.txt')} does not hold a PEM CA certificate.`,
      );
      expect(result.stderr).not.toContain('8812');
      expect(sim?.requests).toEqual([]);
    });

    it('CONSUL_CACERT wins: the directory is then not read', async () => {
      const dir = caDir({ 'notes.txt': 'not a certificate' });
      const result = await runCli(['plan', '--synth-dir', await httpsStack()], {
        env: { CONSUL_CAPATH: dir, CONSUL_CACERT: CA, ...NAME },
      });
      expect(result.code).toBe(0);
    });

    it('NOMAD_CAPATH is read the same way: an empty or missing directory is refused before any request', async () => {
      const nomad = await startNomadSimulator();
      const stack: FixtureStack = {
        name: 'eu',
        product: 'nomad',
        provider: { address: nomad.url },
        resources: { opstack_nomad_autopilot_config: { a: { min_quorum: 3 } } },
      };
      const synthDir = writeSynthDir([stack], '');
      const empty = await runCli(['plan', '--synth-dir', synthDir], { env: { NOMAD_CAPATH: caDir({}) } });
      expect(empty.stderr).toContain('holds no certificate');
      const missing = await runCli(['plan', '--synth-dir', synthDir], { env: { NOMAD_CAPATH: '/nonexistent/ca' } });
      expect(missing.stderr).toContain('Cannot read the CA directory /nonexistent/ca.');
      expect([empty.code, missing.code]).toEqual([1, 1]);
      expect(nomad.requests).toEqual([]);
    });
  });
});
