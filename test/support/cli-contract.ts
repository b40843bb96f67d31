// The checks the CLI contract tests make on every backend (test/contract/*-cli.test.ts): what a
// user sees from plan, apply and drift, whichever product and whether simulator or real agent.
import { expect } from 'vitest';
import type { CliResult } from './cli.js';
import type { NomadBackend } from './contract-backends.js';
import { type FixtureStack, writeSynthDir } from './synth-fixture.js';

/** `opstack <command> --synth-dir … <flags>` against the backend under test. */
export type ContractCli = (command: string, ...flags: string[]) => Promise<CliResult>;

/** An apply refused because another run holds the lock: exit 1, the lock named, no step run. */
export function expectLockRefusal(apply: CliResult): void {
  expect([apply.code, apply.stderr]).toEqual([1, expect.stringContaining('Another apply holds the lock opstack/lock')]);
  expect(apply.stdout + apply.stderr).toContain('No step ran.');
}

/** plan shows `lines` and exits 2 (changes); apply runs every step and its re-read finds nothing left. */
export async function planThenApply(cli: ContractCli, lines: readonly string[], changed: number): Promise<CliResult[]> {
  const plan = await cli('plan', '--detailed-exitcode');
  expect([plan.code, plan.stderr]).toEqual([2, '']);
  for (const line of [...lines, `Plan: 0 to add, ${changed} to change, 0 to destroy.`])
    expect(plan.stdout).toContain(line);
  const apply = await cli('apply', '--auto-approve', '--poll-interval', '50ms');
  expect([apply.code, apply.stderr]).toEqual([0, '']);
  expect(apply.stdout).toContain(`Apply complete! Resources: 0 added, ${changed} changed, 0 destroyed.`);
  expect(apply.stdout).toContain('A re-read finds nothing left to change.');
  return [plan, apply];
}

/** A re-plan exits 0 and drift finds none; no run printed any of the gossip keys. */
export async function expectConverged(cli: ContractCli, runs: readonly CliResult[], keys: readonly string[]) {
  expect(await cli('plan', '--detailed-exitcode')).toMatchObject({ code: 0, stderr: '' });
  const drift = await cli('drift');
  expect([drift.code, drift.stdout]).toEqual([0, expect.stringContaining('No drift.')]);
  for (const run of [...runs, drift]) for (const key of keys) expect(run.stdout + run.stderr).not.toContain(key);
}

/** A synth directory with one Nomad stack, `nomad`, pointed at the backend and declaring `resources`. */
export function nomadSynthDir(backend: NomadBackend, resources: FixtureStack['resources']): string {
  const provider = { address: backend.url, region: backend.region };
  return writeSynthDir([{ name: 'nomad', product: 'nomad', provider, resources }], '');
}

/**
 * `status` exits 0 and names the leader, which also leads the one raft peer. Health is not asserted:
 * a real consul -dev reports itself unhealthy, and its autopilot state leaderless, for its first
 * seconds (its first autopilot pass predates its election).
 */
export async function expectStatus(cli: ContractCli): Promise<void> {
  const status = await cli('status');
  expect([status.code, status.stderr]).toEqual([0, '']);
  const leader = /^ {2}Leader: (\S+)$/m.exec(status.stdout)?.[1];
  expect(status.stdout).toContain('Raft peers (1):');
  expect(status.stdout).toMatch(new RegExp(`^ {4}${leader?.replace(/\./g, '\\.')} .* leader `, 'm'));
}
