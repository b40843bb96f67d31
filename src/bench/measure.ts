import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** What the bench needs from the process that runs it (src/cli/run-bench.ts). */
export interface BenchHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The node binary to start fresh processes with. */
  readonly nodePath: string;
}

/** Median wall time of `runs` calls, in ms. */
export async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export interface ProcessRun {
  readonly code: number;
  readonly wallMs: number;
  /** Peak resident set size of the process, in MB. */
  readonly peakRssMb: number;
  readonly stdout: string;
}

/**
 * Runs an ES module in a fresh node process with `args` as its argv, and reports its wall time
 * and peak RSS (read by the process itself at exit, so no external tool is needed).
 */
export function runNodeModule(host: BenchHost, modulePath: string, args: readonly string[], env: BenchHost['env']): Promise<ProcessRun> {
  const script = `import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS))); await import(${JSON.stringify(modulePath)});`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // argv[1] is a placeholder so the module sees its arguments at process.argv.slice(2).
    const child = spawn(host.nodePath, ['--input-type=module', '-e', script, 'bench', ...args], { env, stdio: ['ignore', 'pipe', 'inherit', 'pipe'] });
    let stdout = '';
    let rss = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => (rss += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, wallMs: performance.now() - start, peakRssMb: Number(rss) / 1024, stdout }));
  });
}
