// What a user sees running opstack against a Consul agent, the same on the simulator and, when
// OPSTACK_CONSUL_BIN names one, a real `consul agent -dev`: plan, apply under the session lock,
// the re-read that finds nothing left, drift, and a refusal while another apply holds the lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { expectConverged, expectLockRefusal, expectStatus, planThenApply } from '../support/cli-contract.js';
import { type ConsulBackend, consulBackends } from '../support/contract-backends.js';
import { writeSynthDir } from '../support/synth-fixture.js';

const NEW = Buffer.alloc(32, 0x5d).toString('base64');
const env = { NEW_GOSSIP_KEY: NEW };
const KV = '/v1/kv/opstack/lock';

interface KeyringPool {
  Keys: Record<string, number>;
  PrimaryKeys: Record<string, number>;
  NumNodes: number;
}

// One server, as the `consul agent -dev` the harness starts (§7.2).
describe.each(consulBackends({ datacenters: [{ name: 'dc1', servers: 1 }] }))(
  'opstack against the Consul %s',
  (_name, start) => {
    let backend: ConsulBackend;
    let synthDir: string;
    const http = async (method: string, path: string, body?: string) =>
      (await fetch(`http://${backend.address}${path}`, { method, body })).json();
    const cli = (command: string, ...flags: string[]) => runCli([command, '--synth-dir', synthDir, ...flags], { env });

    beforeAll(async () => {
      backend = await start();
      synthDir = writeSynthDir(
        [
          {
            name: 'dc1',
            autopilot: { max_trailing_logs: 300, last_contact_threshold: '250ms' },
            resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } },
          },
        ],
        backend.address,
      );
    });
    afterAll(() => backend?.stop());

    it('a lock another run holds: apply refuses, names the lock, and changes nothing', async () => {
      const { ID } = (await http('PUT', '/v1/session/create', '{"TTL":"15s","LockDelay":"1s"}')) as { ID: string };
      expect(await http('PUT', `${KV}?acquire=${ID}`, '{"holder":"someone else"}')).toBe(true);
      expectLockRefusal(await cli('apply', '--auto-approve'));
      expect(await http('GET', '/v1/operator/autopilot/configuration')).toMatchObject({ MaxTrailingLogs: 250 });
      // Released before the session goes, so no lock-delay starts (the order opstack's own lock keeps).
      expect(await http('PUT', `${KV}?release=${ID}`, '{"holder":"someone else"}')).toBe(true);
      expect(await http('PUT', `/v1/session/destroy/${ID}`)).toBe(true);
    });

    it('plan lists the changes and steps; apply runs them; a re-plan and drift find nothing left', async () => {
      const runs = await planThenApply(
        cli,
        [
          '~ max_trailing_logs      = 250 -> 300',
          '~ last_contact_threshold = "200ms" -> "250ms"',
          'WAIT (polls GET /v1/operator/keyring)  (wait until every node has sha256:',
        ],
        2,
      );
      expect(await http('GET', '/v1/operator/autopilot/configuration')).toMatchObject({
        MaxTrailingLogs: 300,
        LastContactThreshold: '250ms',
      });
      const pools = (await http('GET', '/v1/operator/keyring')) as KeyringPool[];
      expect(pools.map((p) => [p.Keys, p.PrimaryKeys])).toEqual(
        pools.map((p) => [{ [NEW]: p.NumNodes }, { [NEW]: p.NumNodes }]),
      );
      const entries = (await http('GET', KV)) as { Session?: string }[];
      expect(entries[0]).not.toHaveProperty('Session'); // released
      await expectConverged(cli, runs, [NEW, DEFAULT_GOSSIP_KEY]);
    });

    it('status reads the cluster: its leader and its one raft peer', () => expectStatus(cli));
  },
);
