import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What opstack knows about its own package: where it is installed and what it was built with. */
export interface OwnPackage {
  /** The directory holding opstack's package.json (the repo, or node_modules/opstack). */
  readonly root: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

export const OWN_PACKAGE: OwnPackage = readOwnPackage();

/** The package version, stamped into plan files so apply can refuse a foreign one. */
export const OPSTACK_VERSION: string = OWN_PACKAGE.version;

/** Walks up from this file (src/ when run by vitest, dist/src/ when built) to opstack's package.json. */
function readOwnPackage(): OwnPackage {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as Partial<OwnPackage> & { name?: string };
    if (pkg.name === 'opstack' && pkg.version) {
      return {
        root: dir,
        version: pkg.version,
        dependencies: pkg.dependencies ?? {},
        devDependencies: pkg.devDependencies ?? {},
      };
    }
  }
  return { root: dir, version: '0.0.0-unknown', dependencies: {}, devDependencies: {} };
}
