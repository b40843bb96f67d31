import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type NomadSimulator, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { runCli } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';

/** A small seeded PRNG (mulberry32), so every run tries the same cases and a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same duration in one of several spellings Go accepts. */
function duration(next: () => number): string {
  const ms = 1 + Math.floor(next() * 120_000);
  const spellings = [
    `${ms}ms`,
    `${ms / 1000}s`,
    `${Math.floor(ms / 1000)}s${ms % 1000}ms`,
    `${ms * 1000}us`,
    `${ms / 60_000}m`,
  ];
  return spellings[Math.floor(next() * spellings.length)] ?? `${ms}ms`;
}

/** A random subset of attributes with random values. */
function declaration(
  next: () => number,
  attributes: Record<string, 'bool' | 'duration' | 'uint'>,
): Record<string, unknown> {
  const declared: Record<string, unknown> = {};
  for (const [attribute, kind] of Object.entries(attributes)) {
    if (next() < 0.4) continue;
    declared[attribute] = kind === 'bool' ? next() < 0.5 : kind === 'uint' ? Math.floor(next() * 1000) : duration(next);
  }
  return declared;
}

const SHARED = {
  cleanup_dead_servers: 'bool',
  last_contact_threshold: 'duration',
  max_trailing_logs: 'uint',
  min_quorum: 'uint',
  server_stabilization_time: 'duration',
  disable_upgrade_migration: 'bool',
} as const;

describe('any autopilot declaration converges in one apply (seeded property test)', () => {
  let consul: Simulator;
  let nomad: NomadSimulator;
  beforeAll(async () => {
    consul = await startSimulator();
    nomad = await startNomadSimulator();
  });
  afterAll(async () => {
    await consul.close();
    await nomad.close();
  });

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))(
    'case %i: apply, then plan finds nothing, on Consul and on Nomad',
    async (seed) => {
      const next = random(seed);
      const synthDir = writeSynthDir(
        [
          { name: 'dc1', autopilot: declaration(next, SHARED) },
          {
            name: 'nomad',
            product: 'nomad',
            provider: { address: nomad.url },
            resources: {
              opstack_nomad_autopilot_config: {
                autopilot: declaration(next, {
                  ...SHARED,
                  enable_redundancy_zones: 'bool',
                  enable_custom_upgrades: 'bool',
                }),
              },
            },
          },
        ],
        consul.address,
      );
      const apply = await runCli(['apply', '--synth-dir', synthDir, '--auto-approve']);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      // Every case changes something (values are random), so the apply really wrote.
      expect(apply.stdout).toContain('Apply complete!');
      const plan = await runCli(['plan', '--synth-dir', synthDir, '--detailed-exitcode']);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
    },
  );
});
