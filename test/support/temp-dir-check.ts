// Vitest global setup: the run gets a temp directory of its own, and fails if a test left an
// `opstack-*` entry in it. A private directory, because other runs on the machine share the OS one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'vitest-opstack-run-'));
  // Workers, the CLI children they spawn (test/support/cli.ts passes TMPDIR on) and os.tmpdir() all
  // read TMPDIR, so every temporary directory of the run is made in `root`.
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root).filter((name) => name.startsWith('opstack-'));
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(
        `Tests left ${left.length} temporary entries behind (each test must remove what it makes): ${left.join(', ')}`,
      );
    }
  };
}
