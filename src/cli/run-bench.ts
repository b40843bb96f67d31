// `npm run bench`: the benchmarks, given this process's environment; exit 1 when a target is missed.
import { runBench } from '../bench/run-bench.js';

process.exitCode = (await runBench({ env: process.env, nodePath: process.execPath })) ? 0 : 1;
