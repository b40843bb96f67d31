// What the gossip-key secret scans (keyring-secrets, nomad-keyring-secrets) share: every command a
// user runs against a keyring, with every output kept, and the forms a leaked key could take.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DEFAULT_GOSSIP_KEY } from '../../src/sim/index.js';
import { runCli } from './cli.js';

/** Tests poll the keyring often; the default (1s) is for real clusters. */
export const FAST_POLL = ['--poll-interval', '5ms'];

export interface Output {
  readonly what: string;
  readonly text: string;
}

/** A CLI runner that keeps each run's stdout and stderr in `outputs`. */
export function recordingCli(env: Record<string, string>) {
  const outputs: Output[] = [];
  const run = async (what: string, argv: string[], extraEnv: Record<string, string> = {}) => {
    const result = await runCli(argv, { env: { ...env, ...extraEnv } });
    outputs.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
    return result;
  };
  return { outputs, run };
}

/**
 * Plan (Markdown, JSON, a saved file, which is kept too), apply the file after the first key
 * changed, apply while a node fails the install, apply, drift, status, and plan with a key too
 * short to be one (the start of the simulators' old key). The stack's first key comes from `GOSSIP_KEY`.
 */
export async function runKeyringCommands(
  { outputs, run }: ReturnType<typeof recordingCli>,
  synthDir: string,
  dir: string,
  failNode: (on: boolean) => void,
): Promise<void> {
  const planFile = join(dir, 'plan.json');
  await run('plan --markdown', ['plan', '--synth-dir', synthDir, '--markdown']);
  await run('plan --json', ['plan', '--synth-dir', synthDir, '--json']);
  await run('plan --out', ['plan', '--synth-dir', synthDir, '--out', planFile]);
  outputs.push({ what: 'plan file', text: readFileSync(planFile, 'utf8') });
  const changed = { GOSSIP_KEY: Buffer.alloc(32, 1).toString('base64') };
  await run(
    'apply with a key that changed since the plan',
    ['apply', planFile, '--synth-dir', synthDir, ...FAST_POLL],
    changed,
  );
  failNode(true);
  await run('apply with a failing node', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
  failNode(false);
  await run('apply', ['apply', '--synth-dir', synthDir, '--auto-approve', ...FAST_POLL]);
  await run('drift --json', ['drift', '--synth-dir', synthDir, '--json']);
  await run('status --json', ['status', '--synth-dir', synthDir, '--json']);
  await run('invalid stack', ['plan', '--synth-dir', synthDir], { GOSSIP_KEY: DEFAULT_GOSSIP_KEY.slice(0, 20) });
}

/**
 * Every form a leaked key could take: base64 (padded or not, standard or URL alphabet), its raw
 * bytes, and their hex.
 */
function leakForms(key: string): string[] {
  const raw = Buffer.from(key, 'base64');
  const unpadded = key.replace(/=+$/, '');
  return [
    unpadded,
    raw.toString('base64url'),
    raw.toString('latin1'),
    raw.toString('hex'),
    raw.toString('hex').toUpperCase(),
  ];
}

/** Fails naming the output that holds `key` in any form. */
export function expectNoLeak(outputs: readonly Output[], key: string): void {
  for (const { what, text } of outputs) {
    for (const form of leakForms(key)) expect(text.includes(form), `${what} leaks it`).toBe(false);
  }
}
