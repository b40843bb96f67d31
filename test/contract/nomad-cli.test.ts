// What a user sees running opstack against a Nomad server, the same on the simulator and, when
// OPSTACK_NOMAD_BIN names one, a real `nomad agent`: plan, apply under the lock, the re-read that
// finds nothing left, drift, and a refusal while another apply holds the lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GOSSIP_KEY } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import {
  expectConverged,
  expectLockRefusal,
  expectStatus,
  nomadSynthDir,
  planThenApply,
} from '../support/cli-contract.js';
import { type NomadBackend, nomadBackends } from '../support/contract-backends.js';

const NEW = Buffer.alloc(32, 0x6b).toString('base64');
const env = { NEW_GOSSIP_KEY: NEW };
const LOCK = '/v1/var/opstack/lock';

// One server, as the real agent the harness starts.
describe.each(nomadBackends({ regions: [{ name: 'global', servers: 1 }] }))(
  'opstack against the Nomad %s',
  (_name, start) => {
    let backend: NomadBackend;
    let synthDir: string;
    const get = async (path: string) => (await fetch(`${backend.url}${path}`)).json();
    const cli = (command: string, ...flags: string[]) => runCli([command, '--synth-dir', synthDir, ...flags], { env });

    beforeAll(async () => {
      backend = await start();
      synthDir = nomadSynthDir(backend, {
        opstack_nomad_autopilot_config: {
          autopilot: { max_trailing_logs: 300, last_contact_threshold: '250ms' },
        },
        nomad_scheduler_config: { scheduler: { scheduler_algorithm: 'spread' } },
        opstack_nomad_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } },
      });
    });
    afterAll(() => backend?.stop());

    it('a lock another run holds: apply refuses, names the lock, and changes nothing', async () => {
      const body = JSON.stringify({ Items: { holder: 'someone else' }, Lock: { TTL: '15s' } });
      const held = await fetch(`${backend.url}${LOCK}?lock-acquire`, { method: 'PUT', body });
      const { Lock } = (await held.json()) as { Lock: { ID: string } };
      expectLockRefusal(await cli('apply', '--auto-approve'));
      expect(await get('/v1/operator/autopilot/configuration')).toMatchObject({ MaxTrailingLogs: 250 });
      const release = JSON.stringify({ Lock: { ID: Lock.ID } });
      expect((await fetch(`${backend.url}${LOCK}?lock-release`, { method: 'PUT', body: release })).status).toBe(200);
    });

    it('plan lists the changes and steps; apply runs them; a re-plan and drift find nothing left', async () => {
      const runs = await planThenApply(
        cli,
        [
          '~ max_trailing_logs      = 250 -> 300',
          '~ last_contact_threshold = "200ms" -> "250ms"',
          '~ scheduler_algorithm = "binpack" -> "spread"',
          'WAIT (polls GET /v1/agent/keyring/list)  (wait until every node has sha256:',
        ],
        3,
      );
      expect(await get('/v1/operator/autopilot/configuration')).toMatchObject({
        MaxTrailingLogs: 300,
        LastContactThreshold: '250ms',
      });
      expect(await get('/v1/operator/scheduler/configuration')).toMatchObject({
        SchedulerConfig: { SchedulerAlgorithm: 'spread' },
      });
      const { Keys, NumNodes } = (await get('/v1/agent/keyring/list')) as { Keys: object; NumNodes: number };
      expect(Keys).toEqual({ [NEW]: NumNodes });
      expect(await get(LOCK)).not.toHaveProperty('Lock'); // released
      await expectConverged(cli, runs, [NEW, DEFAULT_GOSSIP_KEY]);
    });

    it('status reads the cluster: its leader and its one raft peer', () => expectStatus(cli));
  },
);
