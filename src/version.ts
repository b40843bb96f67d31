import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version, stamped into plan files so apply can refuse a foreign one. */
export const OPSTACK_VERSION: string = readOwnVersion();

/** Walks up from this file (src/ when run by vitest, dist/src/ when built) to opstack's package.json. */
function readOwnVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'opstack' && pkg.version) return pkg.version;
  }
  return '0.0.0-unknown';
}
