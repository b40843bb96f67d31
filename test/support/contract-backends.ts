// The backends a contract test runs against: the simulator always, and the real agent the
// environment names (OPSTACK_NOMAD_BIN), skipped with a visible message when it names none.
import { DEFAULT_GOSSIP_KEY, type NomadSimulatorOptions, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { startRealNomad } from './real-nomad.js';

export interface NomadBackend {
  readonly url: string;
  readonly region: string;
  stop(): Promise<void>;
}

/** [name, start] pairs for `describe.each`; both start with gossip encryption on, with the simulator's default key. */
export function nomadBackends(simulator: NomadSimulatorOptions = {}): [string, () => Promise<NomadBackend>][] {
  const backends: [string, () => Promise<NomadBackend>][] = [
    [
      'simulator',
      async () => {
        const sim = await startNomadSimulator(simulator);
        return { url: sim.url, region: simulator.regions?.[0]?.name ?? 'global', stop: () => sim.close() };
      },
    ],
  ];
  const binary = process.env.OPSTACK_NOMAD_BIN;
  if (binary) backends.push([`real Nomad (${binary})`, () => startRealNomad(binary, DEFAULT_GOSSIP_KEY)]);
  else
    console.warn(
      'OPSTACK_NOMAD_BIN is not set: the Nomad contract tests against ' +
        'a real agent are SKIPPED (they run against the simulator only).',
    );
  return backends;
}
