// Risk notes through the CLI against the simulator: computed from what was read, shown in text,
// JSON and Markdown, and enforced by `plan --fail-on` (docs/risk-notes.md).
import { describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import type { NomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';

let consul: Simulator | undefined;
let nomad: NomadSimulator | undefined;

const NEW_KEY = Buffer.alloc(32, 0x3c).toString('base64');
interface JsonNote {
  code: string;
  severity: string;
  message: string;
}
const notesOf = (stdout: string): string[] =>
  (JSON.parse(stdout) as { resource_changes: { address: string; notes: JsonNote[] }[] }).resource_changes.flatMap((c) =>
    c.notes.filter((n) => n.severity !== 'info').map((n) => `${c.address} ${n.severity} ${n.code}`),
  );

describe('risk notes in plans (docs/risk-notes.md)', () => {
  it(
    'Consul autopilot: read with one extra GET of autopilot ' + 'health, noted, and --fail-on decides the exit code',
    async () => {
      consul = await startSimulator({ datacenters: [{ name: 'dc1', servers: 3 }] });
      consul.consul('dc1').setServerHealth('dc1-server-3', { serfStatus: 'failed' });
      const dir = writeSynthDir(
        [{ name: 'dc1', autopilot: { cleanup_dead_servers: false, min_quorum: 5 } }],
        consul.address,
      );
      const json = await runCli(['plan', '--synth-dir', dir, '--json']);
      expect(json.code).toBe(0);
      expect(notesOf(json.stdout)).toEqual([
        'dc1/consul_autopilot_config.autopilot warning min-quorum-above-voters',
        'dc1/consul_autopilot_config.autopilot warning cleanup-off-with-failed-server',
      ]);
      expect(JSON.parse(json.stdout).summary).toEqual({
        add: 0,
        change: 1,
        destroy: 0,
        notes: { info: 0, warning: 2, danger: 0 },
      });
      expect(consul.requests.map((r) => `${r.method} ${r.path}?dc=${r.query.dc}`)).toEqual([
        'GET /v1/operator/autopilot/configuration?dc=dc1',
        'GET /v1/operator/autopilot/health?dc=dc1',
      ]);

      const text = await runCli(['plan', '--synth-dir', dir]);
      expect(text.stdout).toContain(
        '! warning cleanup-off-with-failed-server: CleanupDeadServers is ' +
          'turned off while dc1-server-3 is failed: autopilot will not remove it',
      );
      expect(text.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy. Risk notes: 2 warnings.');

      const strict = await runCli(['plan', '--synth-dir', dir, '--fail-on=warning', '--detailed-exitcode']);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain('the plan carries 2 risk notes at or above warning (--fail-on=warning)');
      const lenient = await runCli(['plan', '--synth-dir', dir, '--fail-on=danger', '--detailed-exitcode']);
      expect([lenient.code, lenient.stderr]).toEqual([2, '']);
      expect(consul.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    },
  );

  it(
    'a rotation that would strand a failed server is a ' + 'danger, listed first in the Markdown comment; no key leaks',
    async () => {
      consul = await startSimulator({
        datacenters: [{ name: 'dc1', servers: 3, gossip: { keys: [DEFAULT_GOSSIP_KEY], clients: 1 } }],
      });
      consul.consul('dc1').setServerHealth('dc1-server-3', { serfStatus: 'failed' });
      const dir = writeSynthDir(
        [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_KEY' }] } } } }],
        consul.address,
      );
      const env = { NEW_KEY };
      const markdown = await runCli(['plan', '--synth-dir', dir, '--markdown', '--fail-on=danger'], { env });
      expect(markdown.code).toBe(1);
      const lines = markdown.stdout.split('\n');
      expect(lines[0]).toBe('### opstack plan: 0 to add, 1 to change, 0 to destroy, 1 danger, 1 warning');
      expect(lines.slice(2, 7)).toEqual([
        '**Risk notes** (docs/risk-notes.md):',
        '',
        '| Severity | Code | Resource | Note |',
        '|---|---|---|---|',
        expect.stringMatching(
          new RegExp(
            String.raw`^\| 🛑 danger \| ` +
              '`key-removal-strands-failed-node`' +
              String.raw` \| dc1/opstack_consul_gossip_keyring\.keyring \| ` +
              String.raw`removing sha256:[0-9a-f]{8} removes every key dc1-server-3 still uses`,
          ),
        ),
      ]);
      expect(lines[7]).toMatch(
        /^\| ⚠️ warning \| `rotation-with-unhealthy-nodes` \| .* \| rotating while dc1-server-3 is failed/,
      );
      // The health read for the failed servers is `?stale`: a keyring plan needs no leader.
      expect(consul.requests.map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.query)}`).sort()).toEqual([
        'GET /v1/operator/autopilot/health dc=dc1&stale=',
        'GET /v1/operator/keyring dc=dc1',
      ]);
      for (const key of [DEFAULT_GOSSIP_KEY, NEW_KEY]) expect(markdown.stdout + markdown.stderr).not.toContain(key);
    },
  );

  it(
    'Nomad: failure tolerance per removal, and a MinQuorum ' + 'the stack raises above what the removal leaves',
    async () => {
      nomad = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }] });
      const dead = nomad.region('eu').servers()[4];
      nomad.region('eu').setServerHealth(dead?.name ?? '', { status: 'failed' });
      const dir = writeSynthDir(
        [
          {
            name: 'eu',
            product: 'nomad',
            provider: { address: nomad.url, region: 'eu' },
            resources: {
              opstack_nomad_autopilot_config: { autopilot: { min_quorum: 5 } },
              opstack_raft_peers_absent: { dead: { peers: [{ id: dead?.id }] } },
            },
          },
        ],
        '',
      );
      const plan = await runCli(['plan', '--synth-dir', dir, '--json']);
      expect(plan.code).toBe(0);
      const changes = JSON.parse(plan.stdout).resource_changes as { address: string; notes: JsonNote[] }[];
      expect(changes.find((c) => c.address === `eu/opstack_raft_peers_absent[${dead?.id}]`)?.notes).toContainEqual({
        code: 'raft-failure-tolerance',
        severity: 'info',
        message: 'voters 5 → 4, healthy voters 4 → 4, failure tolerance 1 → 1',
      });
      expect(notesOf(plan.stdout)).toEqual([
        'eu/opstack_nomad_autopilot_config.autopilot danger min-quorum-above-remaining',
      ]);
      expect((await runCli(['plan', '--synth-dir', dir, '--fail-on=danger'])).code).toBe(1);
    },
  );
});
