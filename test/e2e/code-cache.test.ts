import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_DIR, runProcess } from '../support/cli.js';

const BUNDLE = join(PROJECT_DIR, 'dist', 'bundle', 'opstack.cjs');
const LOADER = join(PROJECT_DIR, 'dist', 'src', 'cli', 'bundle-loader.js');

/** Loads `bundle` in a fresh node process, as bin/opstack.js does, and prints where its code came from. */
async function cacheOf(bundle: string): Promise<string> {
  const script = `import { loadBundledCli } from ${JSON.stringify(LOADER)};
    const cli = loadBundledCli(${JSON.stringify(bundle)});
    process.stdout.write(cli.cache + ' ' + typeof cli.run);`;
  const { code, stdout, stderr } = await runProcess(
    process.execPath,
    ['--input-type=module', '-e', script],
    PROJECT_DIR,
    {
      PATH: process.env.PATH,
    },
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

describe("the bundled CLI's V8 code cache (src/cli/bundle-loader.ts)", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A copy of the built bundle and its cache, the cache's build ID replaced by `id` when given. */
  function copy(cacheId?: string, cacheData?: Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'opstack-cache-'));
    dirs.push(dir);
    const bundle = join(dir, 'opstack.cjs');
    copyFileSync(BUNDLE, bundle);
    const cache = readFileSync(`${BUNDLE}.cache`);
    const id = cacheId === undefined ? cache.subarray(0, 64) : Buffer.from(cacheId, 'latin1');
    writeFileSync(`${bundle}.cache`, Buffer.concat([id, cacheData ?? cache.subarray(64)]));
    return bundle;
  }

  it('the build leaves a cache that V8 accepts for the bundle', async () => {
    expect(await cacheOf(BUNDLE)).toBe('used function');
  });

  // V8 itself checks only the source's length.
  it('a cache saved for another build of the bundle is not given to V8', async () => {
    expect(await cacheOf(copy('0'.repeat(64)))).toBe('absent function');
  });

  it('a cache V8 rejects (made by another Node, V8 or flags; here corrupt) leaves the bundle compiled', async () => {
    expect(await cacheOf(copy(undefined, Buffer.from('not V8 code cache data')))).toBe('rejected function');
  });

  it('a bundle without its cache runs', async () => {
    const bundle = copy();
    rmSync(`${bundle}.cache`);
    expect(await cacheOf(bundle)).toBe('absent function');
  });
});
