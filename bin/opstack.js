#!/usr/bin/env node
// The CLI runs from one bundled file in dist/ (made by `npm run build`, which `npm ci` runs), compiled
// from the V8 code cache the build saved beside it: starting it costs no type-checking, transpiling or
// resolving of hundreds of files, and little parsing.
import { loadBundledCli } from '../dist/src/cli/bundle-loader.js';

await loadBundledCli().run(process.argv.slice(2));
