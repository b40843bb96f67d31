import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Every directory made here goes when its test file is done, so a run leaves nothing in the OS
// temp directory (test/support/temp-dir.ts is imported by each file that needs one).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `opstack-${prefix}-`));
  made.push(dir);
  return dir;
}
