import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureStack {
  readonly name: string;
  /** The provider block; null for a stack without one. */
  readonly provider?: Record<string, unknown> | null;
  /** Attributes of the stack's consul_autopilot_config; omitted for none. */
  readonly autopilot?: Record<string, unknown>;
}

/** Writes a cdktf output directory (manifest.json + stacks/<name>/cdk.tf.json) as `cdktf synth` would. */
export function writeSynthDir(stacks: readonly FixtureStack[], address: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opstack-fixture-'));
  const manifest: Record<string, unknown> = {};
  for (const stack of stacks) {
    const path = join('stacks', stack.name, 'cdk.tf.json');
    manifest[stack.name] = { name: stack.name, synthesizedStackPath: path, workingDirectory: join('stacks', stack.name) };
    const provider = stack.provider === undefined ? { address, datacenter: stack.name } : stack.provider;
    const document = {
      ...(provider ? { provider: { consul: [provider] } } : {}),
      ...(stack.autopilot
        ? { resource: { consul_autopilot_config: { autopilot: { '//': { metadata: { path: `${stack.name}/autopilot`, uniqueId: 'autopilot' } }, ...stack.autopilot } } } }
        : {}),
    };
    mkdirSync(join(dir, 'stacks', stack.name), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(document, null, 2));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: manifest }, null, 2));
  return dir;
}
