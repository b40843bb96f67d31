import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { CONSUL_LOCK_PERMISSIONS, withoutLockCalls } from '../support/lock-calls.js';
import { startSimulator } from '../support/simulators.js';

const DECLARED = { last_contact_threshold: '1s', min_quorum: 3 };
const READ_TOKEN = '3f9c2a1e-read-only-token-0001';
const WRITE_TOKEN = '8b7d6c5e-operator-write-token-02';

let sim: Simulator | undefined;

async function simWithStack(
  options: Parameters<typeof startSimulator>[0] = {},
  autopilot: Record<string, unknown> = DECLARED,
) {
  sim = await startSimulator(options);
  return { sim, synthDir: writeSynthDir([{ name: 'dc1', autopilot }], sim.address) };
}

describe('bad input and unhealthy clusters: a clear message, a non-zero exit, no damage', () => {
  it('an invalid stack exits 1 before a single request', async () => {
    const { sim, synthDir } = await simWithStack({}, { last_contact_threshold: '10', min_quorum: -2 });
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Error: last_contact_threshold: "10" is not a Go duration (time: missing unit in duration "10")',
    );
    expect(result.stderr).toContain('on dc1/autopilot');
    expect(result.stderr).toContain('nothing was sent to any cluster');
    expect(sim.requests).toEqual([]);
  });

  it('with --json, invalid stacks still print a JSON document (errored, with the diagnostics) and exit 1', async () => {
    const { sim, synthDir } = await simWithStack({}, { last_contact_threshold: '10' });
    const result = await runCli(['plan', '--synth-dir', synthDir, '--json']);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      format_version: '2.0',
      errored: true,
      has_changes: false,
      resource_changes: [],
      steps: [],
    });
    expect(document.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        stack: 'dc1',
        construct_path: 'dc1/autopilot',
        summary: expect.stringContaining('time: missing unit in duration "10"'),
      }),
    ]);
    expect(sim.requests).toEqual([]);
  });

  it("the loader's warnings reach --json's diagnostics as they reach stderr", async () => {
    sim = await startSimulator();
    const synthDir = writeSynthDir(
      [{ name: 'dc1', autopilot: DECLARED, data: { consul_keys: { app: {} } } }],
      sim.address,
    );
    const result = await runCli(['plan', '--synth-dir', synthDir, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: Data sources in stack "dc1" are ignored by opstack.');
    expect(JSON.parse(result.stdout)).toMatchObject({
      errored: false,
      diagnostics: [
        { severity: 'warning', stack: 'dc1', summary: 'Data sources in stack "dc1" are ignored by opstack.' },
      ],
    });
  });

  it(
    '§2.5 a token without operator:write can plan, but apply ' +
      'is denied (403) with what to fix, and nothing changes',
    async () => {
      const { sim, synthDir } = await simWithStack({
        acl: {
          enabled: true,
          tokens: [
            {
              secret: READ_TOKEN,
              accessorId: 'accessor-read',
              permissions: ['operator:read', ...CONSUL_LOCK_PERMISSIONS],
            },
          ],
        },
      });
      const env = { CONSUL_HTTP_TOKEN: READ_TOKEN };
      expect((await runCli(['plan', '--synth-dir', synthDir], { env })).code).toBe(0);
      const result = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("lacks permission 'operator:write'");
      expect(result.stderr).toContain('operator = "write"');
      expect(
        withoutLockCalls(sim.requests)
          .filter((r) => r.method === 'PUT')
          .map((r) => r.status),
      ).toEqual([403]);
      expect(sim.requests.every((r) => r.headers['x-consul-token'] === READ_TOKEN)).toBe(true);
      expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(0);
    },
  );

  it('§2.5 an unknown token is named as such, never printed', async () => {
    const { synthDir } = await simWithStack({
      acl: { enabled: true, tokens: [{ secret: WRITE_TOKEN, permissions: ['operator:write'] }] },
    });
    const result = await runCli(['plan', '--synth-dir', synthDir], {
      env: { CONSUL_HTTP_TOKEN: 'not-a-known-token-value' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('does not know the ACL token');
    expect(result.stdout + result.stderr).not.toContain('not-a-known-token-value');
  });

  it(
    '§2.3 a datacenter without a leader: plan fails with ' + 'what to check after one attempt (no retry into the hold)',
    async () => {
      const { sim, synthDir } = await simWithStack();
      sim.faults.noLeader('dc1', true, { holdMs: 200 });
      const result = await runCli(['plan', '--synth-dir', synthDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('has no cluster leader');
      expect(result.stderr).toContain('consul operator raft list-peers');
      expect(
        withoutLockCalls(sim.requests).filter((r) => r.path === '/v1/operator/autopilot/configuration'),
      ).toHaveLength(1);
    },
  );

  it('a stack that cannot be read is an error on stderr, once; stdout holds the plan of the others', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    const synthDir = writeSynthDir(
      [
        { name: 'dc1', autopilot: DECLARED },
        { name: 'dc2', autopilot: DECLARED },
      ],
      sim.address,
    );
    sim.faults.noLeader('dc2', true, { holdMs: 0 });
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    const error = `Stack dc2:\n  Error: Consul at ${sim.url} (datacenter "dc2") has no cluster leader`;
    expect(result.stderr.startsWith(error)).toBe(true);
    expect(result.stderr.split('has no cluster leader')).toHaveLength(2);
    expect(result.stdout).toContain('Stack dc1: Consul datacenter "dc1"');
    expect(result.stdout).not.toContain('Stack dc2');
    expect(result.stdout).not.toContain('Error');
    expect(result.stdout).toContain('1 stack could not be read or planned; see the errors on stderr.');
  });

  it('a datacenter without a leader stops apply before any write, in every stack', async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
    const synthDir = writeSynthDir(
      [
        { name: 'dc1', autopilot: DECLARED },
        { name: 'dc2', autopilot: DECLARED },
      ],
      sim.address,
    );
    sim.faults.noLeader('dc2', true);
    const result = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was applied to any cluster');
    expect(withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('reads retry through 500s and dropped connections with backoff', async () => {
    const { sim, synthDir } = await simWithStack();
    sim.faults.failNext(1);
    sim.faults.dropNext(1);
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  });

  it('writes are never retried blindly: a 500 on the PUT stops apply and says which steps ran', async () => {
    const { sim, synthDir } = await simWithStack();
    sim.faults.failNext(1, { method: 'PUT', path: '/v1/operator/autopilot/configuration' });
    const result = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No step ran.');
    expect(result.stderr).toContain('Step that failed:');
    expect(result.stderr).toContain('running apply again converges');
    expect(withoutLockCalls(sim.requests).filter((r) => r.method === 'PUT')).toHaveLength(1);
    const rerun = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
    expect(rerun.code).toBe(0);
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(3);
  });

  it('§2.3 an unknown datacenter answers "No path to datacenter"', async () => {
    sim = await startSimulator();
    const synthDir = writeSynthDir([{ name: 'dc9', autopilot: DECLARED }], sim.address);
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has no path to datacenter "dc9"');
  });

  it('an unreachable cluster is named with its address and what to check', async () => {
    const port = await closedPort();
    const synthDir = writeSynthDir([{ name: 'dc1', autopilot: DECLARED }], `127.0.0.1:${port}`);
    const result = await runCli(['plan', '--synth-dir', synthDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot reach Consul at http://127.0.0.1:${port} (datacenter "dc1")`);
    expect(result.stderr).toContain('connection refused');
  });

  it('speaking https to a plain-http agent is reported as a TLS failure', async () => {
    const { synthDir } = await simWithStack();
    const httpsDir = writeSynthDir(
      [{ name: 'dc1', provider: { address: `https://${sim?.address}`, datacenter: 'dc1' }, autopilot: DECLARED }],
      '',
    );
    expect(synthDir).not.toBe(httpsDir);
    const result = await runCli(['plan', '--synth-dir', httpsDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TLS with Consul at https://');
  });

  it('a missing cdktf output directory is explained', async () => {
    const result = await runCli(['plan', '--synth-dir', '/nonexistent/cdktf.out']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot read /nonexistent/cdktf.out/manifest.json');
  });
});

/** A port nothing listens on: bind a free one, then close it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
