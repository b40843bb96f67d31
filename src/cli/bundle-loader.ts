// bin/opstack.js: runs the bundled CLI from V8's code cache when the build left one that fits. Node 20
// has no module.enableCompileCache, so the bundle is CommonJS compiled here as a vm.Script, given the
// cache the build made after a representative plan (src/cli/train-code-cache.ts): the functions a plan
// runs are then deserialised instead of parsed and compiled.
//
// The cache lives beside the bundle, in the package's own files, so it is trusted as the bundle is; a
// cache in a shared directory could be planted by someone else. It is used only when its build ID is
// the bundle's (V8 itself checks only the source's length), and V8 rejects one made by another Node or
// V8 version or flags; either way the bundle is compiled from source, only slower.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { CliIo } from './io.js';

export const BUNDLE_PATH = fileURLToPath(new URL('../../bundle/opstack.cjs', import.meta.url));
export const cachePathOf = (bundlePath: string): string => `${bundlePath}.cache`;

/** The bundle's first line, written by the build (`stampBuildId`): a hash of the rest. */
const BUILD_ID = /^\/\/ opstack build ([0-9a-f]{64})\n/;
const ID_LENGTH = 64;

/** The bundle as the build writes it: `code` after the line that names its build. */
export const stampBuildId = (code: string, buildId: string): string => `// opstack build ${buildId}\n${code}`;

export interface BundledCli {
  readonly run: (argv: readonly string[], io?: CliIo) => Promise<void>;
  /** Whether V8 compiled the bundle from the cache. */
  readonly cache: 'used' | 'rejected' | 'absent';
  /** Saves the cache beside the bundle: the compiled code of every function run so far. */
  readonly saveCache: () => void;
}

export function loadBundledCli(bundlePath: string = BUNDLE_PATH): BundledCli {
  const source = readFileSync(bundlePath, 'utf8');
  const buildId = BUILD_ID.exec(source)?.[1];
  const cachedData = cacheOf(bundlePath, buildId);
  // The wrapper Node gives a CommonJS module; `require` resolves from the bundle's directory.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
  });
  const module = { exports: {} as { run?: BundledCli['run'] } };
  const body = script.runInThisContext() as (...args: unknown[]) => void;
  body(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  const { run } = module.exports;
  if (typeof run !== 'function') throw new Error(`${bundlePath} exports no run(): rebuild opstack (npm run build)`);
  return {
    run,
    cache: cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'used',
    saveCache: () => {
      if (buildId === undefined) throw new Error(`${bundlePath} has no build ID on its first line`);
      // The cache file's layout: the build ID, then V8's data.
      writeFileSync(
        cachePathOf(bundlePath),
        Buffer.concat([Buffer.from(buildId, 'latin1'), script.createCachedData()]),
      );
    },
  };
}

function cacheOf(bundlePath: string, buildId: string | undefined): Buffer | undefined {
  if (buildId === undefined) return undefined;
  let file: Buffer;
  try {
    file = readFileSync(cachePathOf(bundlePath));
  } catch {
    return undefined;
  }
  return file.subarray(0, ID_LENGTH).toString('latin1') === buildId ? file.subarray(ID_LENGTH) : undefined;
}
