// The backends a contract test runs against: the simulator always, and the real agent the
// environment names (OPSTACK_CONSUL_BIN, OPSTACK_NOMAD_BIN), skipped with a visible message when it names none.
import { DEFAULT_GOSSIP_KEY, type SimulatorOptions, startSimulator } from '../../src/sim/index.js';
import { type NomadCapability, type NomadSimulatorOptions, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { startRealConsul } from './real-consul.js';
import { startRealNomad } from './real-nomad.js';

export type Backends<T> = [string, () => Promise<T>][];

/** The simulator, then the real agent when `variable` names a binary (else the skip message). */
export function withRealAgent<T>(
  product: string,
  variable: string,
  simulator: () => Promise<T>,
  real: (bin: string) => Promise<T>,
) {
  const backends: Backends<T> = [['simulator', simulator]];
  const binary = process.env[variable];
  if (binary) backends.push([`real ${product} (${binary})`, () => real(binary)]);
  else
    console.warn(
      `${variable} is not set: the ${product} contract tests against ` +
        'a real agent are SKIPPED (they run against the simulator only).',
    );
  return backends;
}

export interface ConsulBackend {
  readonly address: string;
  readonly datacenter: string;
  stop(): Promise<void>;
}

export interface NomadBackend {
  readonly url: string;
  readonly region: string;
  stop(): Promise<void>;
}

/** [name, start] pairs for `describe.each`; both start with gossip encryption on, with the simulator's default key. */
export function nomadBackends(simulator: NomadSimulatorOptions = {}): Backends<NomadBackend> {
  return withRealAgent(
    'Nomad',
    'OPSTACK_NOMAD_BIN',
    async () => {
      const sim = await startNomadSimulator(simulator);
      return { url: sim.url, region: simulator.regions?.[0]?.name ?? 'global', stop: () => sim.close() };
    },
    (binary) => startRealNomad(binary, { encrypt: DEFAULT_GOSSIP_KEY }),
  );
}

/** The same for Consul: a `consul agent -dev` with `-encrypt` of the simulator's default key. */
export function consulBackends(simulator: SimulatorOptions = {}): Backends<ConsulBackend> {
  return withRealAgent(
    'Consul',
    'OPSTACK_CONSUL_BIN',
    async () => {
      const sim = await startSimulator(simulator);
      return { address: sim.address, datacenter: 'dc1', stop: () => sim.close() };
    },
    (binary) => startRealConsul(binary, { encrypt: DEFAULT_GOSSIP_KEY }),
  );
}
