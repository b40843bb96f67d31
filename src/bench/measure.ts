import { spawn } from 'node:child_process';
import { get } from 'node:http';
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
  return median(times);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
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
export function runNodeModule(
  host: BenchHost,
  modulePath: string,
  args: readonly string[],
  env: BenchHost['env'],
  cwd?: string,
): Promise<ProcessRun> {
  const script =
    `import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, ` +
    `String(process.resourceUsage().maxRSS))); await import(${JSON.stringify(modulePath)});`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // argv[1] is a placeholder so the module sees its arguments at process.argv.slice(2).
    const child = spawn(host.nodePath, ['--input-type=module', '-e', script, 'bench', ...args], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    });
    let stdout = '';
    let rss = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => (rss += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, wallMs: performance.now() - start, peakRssMb: Number(rss) / 1024, stdout }),
    );
  });
}

/**
 * GETs each URL concurrently with node:http and parses the JSON answers: the least work any
 * client does to read them. (fetch would load undici lazily and make a slower floor.)
 */
export function httpGetJson(urls: readonly string[]): Promise<unknown[]> {
  return Promise.all(
    urls.map(
      (url) =>
        new Promise((resolve, reject) => {
          get(url, (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => resolve(JSON.parse(body)));
            response.on('error', reject);
          }).on('error', reject);
        }),
    ),
  );
}

/**
 * An ES module (as a data: URL) that runs httpGetJson on `urls`, for the same floor measured as a
 * fresh process. It carries the function's own compiled text, so both floors do the same work.
 */
export function httpGetJsonModule(urls: readonly string[]): string {
  const source =
    `import { get } from 'node:http';\n${httpGetJson.toString()}\nawait ` + `httpGetJson(${JSON.stringify(urls)});`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}
