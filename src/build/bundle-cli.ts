// `npm run build`, after tsc: bundles the CLI into one file, dist/bundle/opstack.js, so that
// starting opstack reads and compiles one module instead of resolving a few hundred (yargs and
// its helpers, and opstack's own). Each command's code is in it, evaluated only when that command
// runs (esbuild turns the command table's dynamic imports into lazy initialisers).
//
// Left out: the simulators, which `opstack sim` imports from tsc's output in dist/src/ (bundled,
// their zlib and net imports would be hoisted into every start-up); json-diff, required when a
// diff is shown; tsx and cdktf, which belong to the user's app.
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

await build({
  entryPoints: { opstack: join(dist, 'src', 'cli', 'run.js') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  external: ['json-diff', 'tsx', 'tsx/*', 'cdktf'],
  plugins: [simFromDist],
  logLevel: 'warning',
});
