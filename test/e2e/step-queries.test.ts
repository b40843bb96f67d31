import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startNomadSimulator, startSimulator } from '../support/simulators.js';
import { writeSynthDir } from '../support/synth-fixture.js';

interface JsonStep {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string>;
}

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
}

/** The writes the simulator received, as `METHOD path?query` in the order they were sent. */
const writesOf = (requests: readonly Recorded[]) =>
  withoutLockCalls(requests)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`);

/** The plan's HTTP steps, from its JSON document, spelled like writesOf. */
async function plannedWrites(synthDir: string, env: Record<string, string>): Promise<string[]> {
  const json = await runCli(['plan', '--synth-dir', synthDir, '--json'], { env });
  expect(json.code).toBe(0);
  const steps = (JSON.parse(json.stdout) as { steps: JsonStep[] }).steps.filter((s) => s.method !== undefined);
  return steps.map((s) => `${s.method} ${s.path}?${new URLSearchParams(s.query)}`);
}

// Every request names its scope (consul-operator-api.md §2.6 `?dc=`, nomad-operator-api.md `?region=`):
// a step that leaves it out is not the request apply sends.
describe('plan steps show the whole query apply sends, scope included', () => {
  it(
    'Nomad: the region NOMAD_REGION names is in every ' + 'step, in text and JSON, and apply sends exactly that',
    async () => {
      const sim = await startNomadSimulator({ regions: [{ name: 'eu' }] });
      const scheduler = { scheduler: { scheduler_algorithm: 'spread' } };
      const stack = {
        name: 'nomad-eu',
        product: 'nomad' as const,
        provider: { address: sim.url },
        resources: { nomad_scheduler_config: scheduler },
      };
      const synthDir = writeSynthDir([stack], '');
      const env = { NOMAD_REGION: 'eu' };
      const cas = sim.region('eu').schedulerConfig().ModifyIndex;
      const text = await runCli(['plan', '--synth-dir', synthDir], { env });
      expect(text.stdout).toContain(
        `1. PUT /v1/operator/scheduler/configuration?region=eu&cas=${cas}  (update the Nomad scheduler configuration)`,
      );
      const planned = await plannedWrites(synthDir, env);
      expect(planned).toEqual([`PUT /v1/operator/scheduler/configuration?region=eu&cas=${cas}`]);
      sim.clearRequests();
      expect((await runCli(['apply', '--synth-dir', synthDir, '--auto-approve'], { env })).code).toBe(0);
      expect(writesOf(sim.requests)).toEqual(planned);
    },
  );

  it('Consul: a keyring step names its datacenter, as the keyring writes apply sends do', async () => {
    const sim = await startSimulator({ datacenters: [{ name: 'dc1', gossip: { clients: 1 } }] });
    const keyring = { keyring: { keys: [{ env: 'NEW_KEY' }] } };
    const synthDir = writeSynthDir(
      [{ name: 'dc1', resources: { opstack_consul_gossip_keyring: keyring } }],
      sim.address,
    );
    const env = { NEW_KEY: Buffer.alloc(32, 7).toString('base64') };
    const text = await runCli(['plan', '--synth-dir', synthDir], { env });
    expect(text.stdout).toMatch(/1\. POST \/v1\/operator\/keyring\?dc=dc1 {2}\(install gossip key sha256:\w{8}/);
    const planned = await plannedWrites(synthDir, env);
    expect(planned).toEqual([
      'POST /v1/operator/keyring?dc=dc1',
      'PUT /v1/operator/keyring?dc=dc1',
      'DELETE /v1/operator/keyring?dc=dc1',
    ]);
    sim.clearRequests();
    expect(
      (await runCli(['apply', '--synth-dir', synthDir, '--auto-approve', '--poll-interval', '5ms'], { env })).code,
    ).toBe(0);
    expect(writesOf(sim.requests)).toEqual(planned);
  });
});
