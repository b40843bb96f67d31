#!/usr/bin/env node
// The CLI runs from one bundled module in dist/ (made by `npm run build`, which `npm ci` runs),
// so starting it costs no type-checking, transpiling or resolving of hundreds of files.
import '../dist/bundle/opstack.js';
