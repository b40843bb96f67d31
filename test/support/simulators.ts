// The simulators as e2e tests start them: each one is closed after the test that started it, so
// test files need no afterEach of their own (and a failing test still frees its ports).
import { afterEach } from 'vitest';
import { type Simulator, type SimulatorOptions, startSimulator as startConsul } from '../../src/sim/index.js';
import {
  type NomadSimulator,
  type NomadSimulatorOptions,
  startNomadSimulator as startNomad,
} from '../../src/sim/nomad/index.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** A Consul simulator, closed after the current test. */
export async function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  const sim = await startConsul(options);
  running.push(sim);
  return sim;
}

/** A Nomad simulator, closed after the current test. */
export async function startNomadSimulator(options?: NomadSimulatorOptions): Promise<NomadSimulator> {
  const sim = await startNomad(options);
  running.push(sim);
  return sim;
}
