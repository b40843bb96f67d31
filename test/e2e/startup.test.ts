import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { PROJECT_DIR } from '../support/cli.js';
import { writeSynthDir } from '../support/synth-fixture.js';

// Reports every file the process loads on fd 3: ES modules through a resolve hook (which runs on
// the loader thread; the descriptor is the process's), CommonJS ones through the resolver.
const TRACE_HOOKS = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) writeSync(3, new URL(result.url).pathname + '\\n');
  return result;
}`;
const TRACE = `import Module, { register } from 'node:module';
import { writeSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(TRACE_HOOKS)}));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  if (file.startsWith('/')) writeSync(3, file + '\\n');
  return file;
};`;

// Reports on fd 3 each Intl.Segmenter and each Unicode-property RegExp constructed: the first of
// them sets up ICU data, which costs more than the rest of opstack's start-up.
const ICU_TRACE = `import { writeSync } from 'node:fs';
const { Segmenter } = Intl;
Intl.Segmenter = class extends Segmenter {
  constructor(...args) {
    writeSync(3, 'Intl.Segmenter\\n');
    super(...args);
  }
};
globalThis.RegExp = new Proxy(RegExp, {
  construct(target, args) {
    if (String(args[0]).includes('\\\\p{')) writeSync(3, 'RegExp ' + args[0] + '\\n');
    return Reflect.construct(target, args);
  },
});`;

/** The modules `opstack` loads: bin/opstack.js and the loader that compiles the bundle. */
const LOADER = [join('bin', 'opstack.js'), join('dist', 'src', 'cli', 'bundle-loader.js')];

interface Traced {
  readonly code: number;
  readonly stdout: string;
  readonly lines: string[];
}

/** Runs bin/opstack.js with `preload` imported first, and returns the distinct lines it wrote on fd 3. */
function traced(preload: string, argv: string[], env: Record<string, string>): Promise<Traced> {
  return new Promise((resolve, reject) => {
    const preloadUrl = `data:text/javascript,${encodeURIComponent(preload)}`;
    const child = spawn(process.execPath, ['--import', preloadUrl, join(PROJECT_DIR, 'bin', 'opstack.js'), ...argv], {
      cwd: PROJECT_DIR,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'ignore', 'pipe'],
    });
    let stdout = '';
    let trace = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => (trace += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, lines: [...new Set(trace.split('\n').filter(Boolean))] });
    });
  });
}

/** Runs bin/opstack.js and lists the files it loaded, relative to the project. */
async function loadedFiles(argv: string[], env: Record<string, string>): Promise<{ code: number; files: string[] }> {
  const { code, lines } = await traced(TRACE, argv, env);
  return { code, files: lines.map((f) => relative(PROJECT_DIR, f)) };
}

describe('start-up', () => {
  let sim: Simulator;
  let synthDir: string;
  beforeAll(async () => {
    sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
    synthDir = writeSynthDir([{ name: 'dc1', autopilot: { min_quorum: 3 } }], sim.address);
  });
  afterAll(async () => {
    rmSync(synthDir, { recursive: true, force: true });
    await sim.close();
  });

  it(
    '`opstack plan --synth-dir` runs the bundled CLI and loads ' + 'nothing else (no yargs files, no json-diff)',
    async () => {
      const { code, files } = await loadedFiles(['plan', '--synth-dir', synthDir, '--detailed-exitcode'], {
        NO_COLOR: '1',
      });
      expect(code).toBe(2);
      // The bundle is read and compiled by the loader (src/cli/bundle-loader.ts), not loaded as a module.
      expect(files).toEqual(LOADER);
      // MinQuorum changes, so autopilot health is read too, for the risk notes (docs/risk-notes.md).
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v1/operator/autopilot/configuration',
        'GET /v1/operator/autopilot/health',
      ]);
    },
  );

  it('`opstack plan` sets up no ICU segmentation; string-width is evaluated when help is wrapped', async () => {
    const plan = await traced(ICU_TRACE, ['plan', '--synth-dir', synthDir, '--detailed-exitcode'], { NO_COLOR: '1' });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(plan.lines).toEqual([]);
    const help = await traced(ICU_TRACE, ['plan', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--detailed-exitcode +Exit 0 when nothing changes/);
    expect(help.lines).toContain('Intl.Segmenter');
  });

  it('`opstack --version` loads one module besides bin/opstack.js', async () => {
    const { code, files } = await loadedFiles(['--version'], {});
    expect(code).toBe(0);
    expect(files).toEqual(LOADER);
  });
});
