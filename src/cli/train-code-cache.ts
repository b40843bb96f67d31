// `npm run build`, last step: runs one `opstack plan` on the bundled CLI against the embedded simulator,
// checks what it printed, and saves V8's code cache beside the bundle (src/cli/bundle-loader.ts), so the
// functions a plan runs start compiled. A bundle that cannot plan fails the build here.
import { rmSync } from 'node:fs';
import { writeStacks } from '../bench/synth-fixture.js';
import { startSimulator } from '../sim/index.js';
import { loadBundledCli } from './bundle-loader.js';
import { processIo } from './io.js';

const EXPECTED = 'Plan: 0 to add, 1 to change, 0 to destroy.';

const sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
const dir = writeStacks(1, sim.address);
try {
  const cli = loadBundledCli();
  const printed: string[] = [];
  const env = { PATH: process.env.PATH, NO_COLOR: '1' };
  await cli.run(['plan', '--synth-dir', dir], {
    ...processIo(),
    stdout: (text) => printed.push(text),
    env,
    stdoutIsTty: false,
    interactive: false,
  });
  const code = process.exitCode;
  process.exitCode = 0;
  if (code !== 0 || !printed.join('').includes(EXPECTED)) {
    throw new Error(`the bundled CLI's plan exited ${String(code)} and printed:\n${printed.join('')}`);
  }
  cli.saveCache();
} finally {
  rmSync(dir, { recursive: true, force: true });
  await sim.close();
}
