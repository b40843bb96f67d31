import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from './cli.js';
import { tempDir } from './temp-dir.js';

/**
 * A user's infra repo outside this one, as `opstack init` leaves it once installed: an ES module
 * package whose node_modules has this project's dependencies and `opstack` itself (links to the
 * built package), so a stack there imports `'opstack'` as in the README.
 */
export function userProject(prefix: string): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'infra', private: true, type: 'module' }));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(PROJECT_DIR, 'node_modules'))) {
    symlinkSync(join(PROJECT_DIR, 'node_modules', entry), join(modules, entry));
  }
  symlinkSync(PROJECT_DIR, join(modules, 'opstack'));
  return dir;
}
