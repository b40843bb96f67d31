// A cdktf output directory as the bench and the code-cache training plan it (src/cli/train-code-cache.ts).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cdktf output directory with `count` stacks, one datacenter each, as `cdktf synth` writes it. */
export function writeStacks(count: number, address: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opstack-bench-'));
  const stacks: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const name = `dc${i + 1}`;
    stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    const autopilot = {
      '//': { metadata: { path: `${name}/autopilot` } },
      last_contact_threshold: '1s',
      min_quorum: 3,
    };
    writeFileSync(
      join(dir, 'stacks', name, 'cdk.tf.json'),
      JSON.stringify({
        provider: { consul: [{ address, datacenter: name }] },
        resource: { consul_autopilot_config: { autopilot } },
      }),
    );
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks }));
  return dir;
}
