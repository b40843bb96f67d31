// `npm run build`, after tsc: bundles the CLI into one file, dist/bundle/opstack.js, so that
// starting opstack reads and compiles one module instead of resolving a few hundred (yargs and
// its helpers, and opstack's own). Each command's code is in it, evaluated only when that command
// runs (esbuild turns the command table's dynamic imports into lazy initialisers).
//
// Left out: the simulators, which `opstack sim` imports from tsc's output in dist/src/ (bundled,
// their zlib and net imports would be hoisted into every start-up); json-diff, required when a
// diff is shown; tsx and cdktf, which belong to the user's app.
//
// Deferred: string-width (yargs and cliui each import a copy), which compiles Unicode property
// regexes and creates an Intl.Segmenter as it is imported — about 20 ms of ICU set-up, more than
// the rest of the start-up, for a function only help and error texts call.
import { build, type Plugin } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(dist, 'bundle');
const simDir = join(dist, 'src', 'sim');

/** Imports of src/sim stay imports, re-pointed from the bundle's directory at dist/src/sim. */
const simFromDist: Plugin = {
  name: 'sim-from-dist',
  setup(builder) {
    builder.onResolve({ filter: /\/sim\// }, ({ path, resolveDir }) => {
      const target = join(resolveDir, path);
      if (!target.startsWith(simDir)) return undefined;
      return { path: `./${relative(outdir, target)}`, external: true };
    });
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

await build({
  entryPoints: { opstack: join(dist, 'src', 'cli', 'run.js') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  external: ['json-diff', 'tsx', 'tsx/*', 'cdktf'],
  plugins: [simFromDist, deferOnFirstCall],
  logLevel: 'warning',
});
