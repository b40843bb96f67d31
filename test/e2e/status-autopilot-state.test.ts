// `opstack status` shows Consul's autopilot state (consul-operator-api.md §4.7), text and JSON.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const STATE = '/v1/operator/autopilot/state';
const consulStack = (address: string) => writeSynthDir([{ name: 'dc1', provider: { address, datacenter: 'dc1' } }], '');
const statusJson = (stdout: string) => JSON.parse(stdout).stacks[0];

describe('autopilot state in `opstack status` (consul-operator-api.md §4.7)', () => {
  it(
    'CE: one GET of the state; failure tolerances, voters ' + 'leader first, each server with status and stability',
    async () => {
      const sim = await startSimulator();
      sim.consul('dc1').setServerHealth('dc1-server-2', { healthy: false });
      const synthDir = consulStack(sim.address);
      const text = await runCli(['status', '--synth-dir', synthDir]);
      expect(text.code).toBe(0);
      expect(sim.requests.filter((r) => r.path === STATE).map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET ${STATE}`,
      ]);
      expect(text.stdout).toContain(
        '  Autopilot state: unhealthy, failure tolerance 0 (optimistic 0), leader dc1-server-1\n' +
          '    Voters (3): dc1-server-1, dc1-server-3, dc1-server-2\n' +
          '    NAME          STATUS  SERF   HEALTH     VERSION  STABLE SINCE\n',
      );
      expect(text.stdout).toMatch(
        / {4}dc1-server-1 {2}leader {2}alive {2}healthy {4}1\.22\.0 {3}\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)\n/,
      );
      expect(text.stdout).toContain('    dc1-server-2  voter   alive  unhealthy  1.22.0   -\n');
      expect(text.stdout).not.toContain('Upgrade:');
      expect(text.stdout).not.toContain('Redundancy zones');

      const json = statusJson((await runCli(['status', '--synth-dir', synthDir, '--json'])).stdout);
      expect(json.autopilot_state).toMatchObject({
        healthy: false,
        failure_tolerance: 0,
        optimistic_failure_tolerance: 0,
        leader: 'dc1-server-1',
        voters: ['dc1-server-1', 'dc1-server-3', 'dc1-server-2'],
        read_replicas: null,
        redundancy_zones: null,
        upgrade: null,
      });
      expect(json.autopilot_state.servers.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
        ['dc1-server-1', 'leader'],
        ['dc1-server-2', 'voter'],
        ['dc1-server-3', 'voter'],
      ]);
    },
  );

  it("Enterprise: redundancy zones and the upgrade status, with each server's zone", async () => {
    const servers = [
      { name: 's1', redundancyZone: 'zone-a' },
      { name: 's2', redundancyZone: 'zone-b' },
      { name: 's3', redundancyZone: 'zone-b' },
    ];
    const sim = await startSimulator({
      edition: 'enterprise',
      datacenters: [{ name: 'dc1', servers, autopilot: { RedundancyZoneTag: 'zone' } }],
    });
    const synthDir = consulStack(sim.address);
    const text = await runCli(['status', '--synth-dir', synthDir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('    NAME  STATUS  SERF   HEALTH   VERSION  ZONE    STABLE SINCE\n');
    expect(text.stdout).toMatch(/ {4}s2 {4}voter {3}alive {2}healthy {2}1\.22\.0 {3}zone-b {2}\S+\n/);
    expect(text.stdout).toContain(
      '    Redundancy zones (2):\n' +
        '      ZONE    SERVERS  VOTERS  FAILURE TOLERANCE\n' +
        '      zone-a  s1       s1      0\n' +
        '      zone-b  s2, s3   s2, s3  1\n' +
        '    Upgrade: idle, target version 1.22.0\n' +
        '      target-version voters: s1, s2, s3\n',
    );
    const json = statusJson((await runCli(['status', '--synth-dir', synthDir, '--json'])).stdout);
    expect(json.autopilot_state.redundancy_zones).toEqual([
      { name: 'zone-a', servers: ['s1'], voters: ['s1'], failure_tolerance: 0 },
      { name: 'zone-b', servers: ['s2', 's3'], voters: ['s2', 's3'], failure_tolerance: 1 },
    ]);
    expect(json.autopilot_state.upgrade).toMatchObject({ status: 'idle', target_version: '1.22.0' });
  });

  it(
    'a Consul without the endpoint (before 1.9: 404) is ' + 'shown as not available, and status still succeeds',
    async () => {
      const sim = await startSimulator();
      sim.faults.failNext(1, {
        path: STATE,
        status: 404,
        body: 'Invalid URL path: not a recognized HTTP API endpoint\n',
      });
      const text = await runCli(['status', '--synth-dir', consulStack(sim.address)]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('  Autopilot state: not available (this Consul predates 1.9)\n');
    },
  );

  it('an answer that is not the documented shape is an error naming the field, not its value', async () => {
    const sim = await startSimulator();
    const secretish = 'Kq3vL9xT2mN8pR5wY1zB4cD7fG0hJ6sA==';
    const servers = { [secretish]: { ID: secretish } };
    const body = JSON.stringify({ Healthy: true, FailureTolerance: 1, Servers: servers, Leader: '', Voters: [] });
    sim.faults.failNext(1, { path: STATE, status: 200, body });
    const result = await runCli(['status', '--synth-dir', consulStack(sim.address)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'answered GET /v1/operator/autopilot/state with JSON opstack cannot use: Servers.sha256:',
    );
    expect(result.stdout).toMatch(/cannot use: Servers\.sha256:[0-9a-f]{8}\.Name is not a string\./);
    expect(result.stdout + result.stderr).not.toContain(secretish);
  });

  it('Nomad has no autopilot state endpoint (nomad-operator-api.md §3.10): not read, null in JSON', async () => {
    const nomad = await startNomadSimulator();
    const synthDir = writeSynthDir([{ name: 'eu', product: 'nomad', provider: { address: nomad.url } }], '');
    const json = await runCli(['status', '--synth-dir', synthDir, '--json']);
    expect(json.code).toBe(0);
    expect(statusJson(json.stdout).autopilot_state).toBeNull();
    expect(nomad.requests.some((r) => r.path === STATE)).toBe(false);
    const text = await runCli(['status', '--synth-dir', synthDir]);
    expect(text.stdout).not.toContain('Autopilot state');
  });
});
