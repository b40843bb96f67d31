// `npm run build`, after tsc: bundles the CLI into one CommonJS file, dist/bundle/opstack.cjs, so that
// starting opstack reads and compiles one file instead of resolving a few hundred (yargs and its
// helpers, and opstack's own). Each command's code is in it, evaluated only when that command runs
// (esbuild turns the command table's dynamic imports into lazy initialisers). bin/opstack.js runs it
// as a vm.Script with V8's code cache (src/cli/bundle-loader.ts), which the next build step makes.
//
// Left out: the simulators, which `opstack sim` and --rehearse load from tsc's output in dist/src/
// (bundled, their zlib and net imports would be hoisted into every start-up); json-diff, loaded when a
// diff is shown; tsx and cdktf, which belong to the user's app; src/cli/import-app.ts, the one import()
// of a specifier known only at run time. A vm.Script cannot import() without a Node flag, so every
// dynamic import of these becomes a lazy require() (Node ≥ 20.19 requires ES modules too), and the
// build fails if one import() is left.
//
// Deferred: string-width (yargs and cliui each import a copy), which compiles Unicode property
// regexes and creates an Intl.Segmenter as it is imported — about 20 ms of ICU set-up, more than
// the rest of the start-up, for a function only help and error texts call.
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_PATH, cachePathOf, stampBuildId } from '../cli/bundle-loader.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = dirname(BUNDLE_PATH);
const simDir = join(dist, 'src', 'sim');
const importApp = join(dist, 'src', 'cli', 'import-app.js');
const EXTERNAL_PACKAGES = /^(json-diff|tsx|tsx\/.*|cdktf)$/;

/** Where a dynamic import left out of the bundle is required from (relative to the bundle), or undefined. */
function leftOut(path: string, resolveDir: string): string | undefined {
  if (path.startsWith('node:') || EXTERNAL_PACKAGES.test(path)) return path;
  const target = join(resolveDir, path);
  return target.startsWith(simDir) || target === importApp ? `./${relative(outdir, target)}` : undefined;
}

/** Each `import(X)` of what is left out becomes esbuild's lazy `require(X)`, through a one-line stand-in. */
const requireLeftOut: Plugin = {
  name: 'require-left-out',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, ({ path, resolveDir, kind, namespace }) => {
      if (namespace === 'left-out') return { path, external: true };
      const target = leftOut(path, resolveDir);
      if (target === undefined) return undefined;
      return kind === 'dynamic-import' ? { path: target, namespace: 'left-out' } : { path: target, external: true };
    });
    builder.onLoad({ filter: /.*/, namespace: 'left-out' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Imports of these packages get a stand-in that evaluates the real module on its first call
 * (esbuild wraps a module reached through require() in a lazy initialiser). Each must have a
 * function as its default export.
 */
const DEFERRED = /^string-width$/;
const deferOnFirstCall: Plugin = {
  name: 'defer-on-first-call',
  setup(builder) {
    builder.onResolve({ filter: DEFERRED }, async ({ path, resolveDir, kind, pluginData }) => {
      if (pluginData === deferOnFirstCall) return undefined; // the resolve below, finding the real module
      const real = await builder.resolve(path, { resolveDir, kind, pluginData: deferOnFirstCall });
      return real.errors.length > 0 ? { errors: real.errors } : { path: real.path, namespace: 'deferred' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'deferred' }, ({ path }) => ({
      contents: `let real;\nexport default (...args) => (real ??= require(${JSON.stringify(path)}).default)(...args);`,
      resolveDir: dirname(path),
    }));
  },
};

const result = await build({
  entryPoints: [join(dist, 'src', 'cli', 'run.js')],
  outfile: BUNDLE_PATH,
  absWorkingDir: dist,
  write: false,
  metafile: true,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  // ES module semantics (strict mode, import.meta.url) kept in CommonJS.
  banner: { js: '"use strict";var importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': 'importMetaUrl' },
  plugins: [deferOnFirstCall, requireLeftOut],
  logLevel: 'warning',
});

const output = result.metafile.outputs[relative(dist, BUNDLE_PATH)];
const dynamic = (output?.imports ?? []).filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
if (output === undefined || dynamic.length > 0) {
  throw new Error(`the bundle must not import() at run time (a vm.Script cannot), but imports ${dynamic.join(', ')}`);
}
const code = result.outputFiles[0]?.text ?? '';
const buildId = createHash('sha256').update(code).digest('hex');
mkdirSync(outdir, { recursive: true });
// The previous build's cache (and the ES module bundle of builds before it) must not outlive it.
for (const stale of [cachePathOf(BUNDLE_PATH), join(outdir, 'opstack.js')]) rmSync(stale, { force: true });
writeFileSync(BUNDLE_PATH, stampBuildId(code, buildId));
