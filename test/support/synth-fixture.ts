import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface FixtureStack {
  readonly name: string;
  /** The provider block; null for a stack without one. Default: a Consul provider for datacenter `name`. */
  readonly provider?: Record<string, unknown> | null;
  /** Which provider the block is (default consul). */
  readonly product?: 'consul' | 'nomad';
  /** Attributes of the stack's consul_autopilot_config (logical id `autopilot`); omitted for none. */
  readonly autopilot?: Record<string, unknown>;
  /** Any other resources: type → logical id → attributes. */
  readonly resources?: Record<string, Record<string, Record<string, unknown>>>;
  /** Data sources (`data` in Terraform JSON), which opstack ignores with a warning. */
  readonly data?: Record<string, unknown>;
}

/** Writes a cdktf output directory (manifest.json + stacks/<name>/cdk.tf.json) as `cdktf synth` would. */
export function writeSynthDir(stacks: readonly FixtureStack[], address: string): string {
  const dir = tempDir('fixture');
  const manifest: Record<string, unknown> = {};
  for (const stack of stacks) {
    const path = join('stacks', stack.name, 'cdk.tf.json');
    manifest[stack.name] = {
      name: stack.name,
      synthesizedStackPath: path,
      workingDirectory: join('stacks', stack.name),
    };
    const provider = stack.provider === undefined ? { address, datacenter: stack.name } : stack.provider;
    const declared = {
      ...(stack.autopilot ? { consul_autopilot_config: { autopilot: stack.autopilot } } : {}),
      ...stack.resources,
    };
    const resource = Object.fromEntries(
      Object.entries(declared).map(([type, blocks]) => [
        type,
        Object.fromEntries(
          Object.entries(blocks).map(([id, attrs]) => [
            id,
            { '//': { metadata: { path: `${stack.name}/${id}`, uniqueId: id } }, ...attrs },
          ]),
        ),
      ]),
    );
    const document = {
      ...(provider ? { provider: { [stack.product ?? 'consul']: [provider] } } : {}),
      ...(Object.keys(resource).length > 0 ? { resource } : {}),
      ...(stack.data ? { data: stack.data } : {}),
    };
    mkdirSync(join(dir, 'stacks', stack.name), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(document, null, 2));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: manifest }, null, 2));
  return dir;
}
