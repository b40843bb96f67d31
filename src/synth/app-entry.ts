/** A cdktf app opstack can load in its own process instead of spawning its command. */
export interface AppEntryPoint {
  /** The entry file, relative to the project (as cdktf.json names it). */
  readonly file: string;
  /** `tsx` for TypeScript (tsx's loader), `node` for JavaScript (a plain import). */
  readonly loader: 'tsx' | 'node';
}

// `[npx] tsx X.ts`, `[npx] ts-node X.ts`, `node X.js`: a runner and one file, nothing else. Any
// flag, second argument or shell syntax means the command does more than load the file, so it
// is spawned as written.
const RUNNER_AND_FILE = /^(?:npx\s+)?(tsx|ts-node|node)\s+([\w./@+-]+)$/;
const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const JAVASCRIPT = /\.[cm]?js$/;

/** The entry point of an app command that only runs one TypeScript or JavaScript file; else undefined. */
export function appEntryPoint(command: string): AppEntryPoint | undefined {
  const [, runner, file] = RUNNER_AND_FILE.exec(command.trim()) ?? [];
  if (runner === undefined || file === undefined) return undefined;
  if (TYPESCRIPT.test(file) && runner !== 'node') return { file, loader: 'tsx' };
  if (JAVASCRIPT.test(file)) return { file, loader: runner === 'node' ? 'node' : 'tsx' };
  return undefined;
}
