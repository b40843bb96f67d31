#!/usr/bin/env node
// The CLI runs from the build in dist/ (made by `npm run build`, which `npm ci` runs), so starting
// it costs no type-checking or transpiling.
import '../dist/src/cli/run.js';
