// The layer rules (docs/architecture.md) must fail on a wrong import, not only pass on today's
// code: each case below is a deliberately wrong (or deliberately allowed) file, linted with the
// project's own configuration. Import graphs are checked in a scratch tree outside the repo.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../support/cli.js';

/** `from` imports `specifier`; the cruiser should report exactly `rules` for that import. */
const IMPORTS: readonly { from: string; specifier: string; rules: readonly string[]; typeOnly?: boolean }[] = [
  { from: 'src/plan/a.ts', specifier: '../api/x.js', rules: ['plan-is-pure'] },
  { from: 'src/plan/b.ts', specifier: '../cli/x.js', rules: ['plan-is-pure'] },
  { from: 'src/plan/c.ts', specifier: '../render/x.js', rules: ['only-the-cli-renders', 'plan-is-pure'] },
  { from: 'src/render/a.ts', specifier: '../plan/x.js', rules: ['render-reads-only-the-plan'] },
  { from: 'src/render/b.ts', specifier: '../api/x.js', rules: ['render-reads-only-the-plan'] },
  { from: 'src/apply/a.ts', specifier: '../render/x.js', rules: ['only-the-cli-renders'] },
  { from: 'src/model/a.ts', specifier: '../util/x.js', rules: ['model-is-a-leaf'] },
  { from: 'src/model/b.ts', specifier: '../schema/x.js', rules: ['model-takes-only-types-from-schema'] },
  { from: 'src/read/a.ts', specifier: 'cdktf', rules: ['cdktf-stays-at-the-front'] },
  { from: 'src/apply/b.ts', specifier: '../sim/x.js', rules: ['only-programs-start-the-simulator'] },
  { from: 'src/util/a.ts', specifier: 'node:process', rules: ['no-process-module-outside-cli'] },
  { from: 'src/desired/a.ts', specifier: './missing.js', rules: ['no-unresolvable-imports'] },
  { from: 'src/sim/a.ts', specifier: '../util/x.js', rules: ['sim-stands-alone'] },
  { from: 'src/sim/b.ts', specifier: '../model/x.js', rules: ['sim-stands-alone'] },
  { from: 'src/sim/nested/a.ts', specifier: '../../api/x.js', rules: ['sim-stands-alone'] },
  // Allowed: the edges may use what the core may not.
  { from: 'src/cli/a.ts', specifier: '../sim/x.js', rules: [] },
  { from: 'src/cli/b.ts', specifier: '../render/x.js', rules: [] },
  { from: 'src/cli/c.ts', specifier: 'node:process', rules: [] },
  { from: 'src/synth/a.ts', specifier: 'cdktf', rules: [] },
  { from: 'src/render/c.ts', specifier: '../model/x.js', rules: [] },
  { from: 'src/apply/c.ts', specifier: '../plan/x.js', rules: [] },
  { from: 'src/sim/c.ts', specifier: './x.js', rules: [] },
  { from: 'src/model/c.ts', specifier: '../schema/x.js', rules: [], typeOnly: true },
];

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'opstack-lint-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  };
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  write('node_modules/cdktf/package.json', JSON.stringify({ name: 'cdktf', main: 'index.js' }));
  write('node_modules/cdktf/index.js', 'export const App = 1;\n');
  for (const layer of ['api', 'cli', 'render', 'plan', 'model', 'schema', 'util', 'sim'])
    write(`src/${layer}/x.ts`, 'export const x = 1;\n');
  for (const { from, specifier, typeOnly } of IMPORTS) {
    write(
      from,
      typeOnly ? `import type { x } from '${specifier}';\nexport type X = typeof x;\n` : `import '${specifier}';\n`,
    );
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('import rules (dependency-cruiser)', () => {
  it('reports exactly the forbidden imports, each with its rule', async () => {
    const cli = join(PROJECT_DIR, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const config = join(PROJECT_DIR, '.dependency-cruiser.cjs');
    const run = await promisify(execFile)(process.execPath, [cli, 'src', '--config', config, '--output-type', 'json'], {
      cwd: scratch,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout: string }) => error);
    const result = JSON.parse(run.stdout) as { summary: { violations: { from: string; rule: { name: string } }[] } };
    const found = (from: string) =>
      result.summary.violations
        .filter((v) => v.from === from)
        .map((v) => v.rule.name)
        .sort();
    for (const { from, rules } of IMPORTS)
      expect({ from, rules: found(from) }).toEqual({ from, rules: [...rules].sort() });
  });
});

describe('process and model rules (eslint)', () => {
  const eslint = new ESLint({ cwd: PROJECT_DIR });
  const problems = async (path: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(PROJECT_DIR, path) })).flatMap((r) =>
      r.messages.map((m) => m.ruleId),
    );

  it('refuses `process` outside src/cli, and inline comments that would silence it', async () => {
    expect(await problems('src/synth/fake.ts', 'export const home = process.env.HOME;\n')).toEqual([
      'no-restricted-globals',
    ]);
    expect(await problems('src/demo/fake.ts', 'process.exitCode = 1;\n')).toEqual(['no-restricted-globals']);
    expect(await problems('src/plan/fake.ts', 'export const env = globalThis.process.env;\n')).toEqual([
      'no-restricted-properties',
    ]);
    const silenced = '// eslint-disable-next-line no-restricted-globals\nexport const home = process.env.HOME;\n';
    expect(await problems('src/apply/fake.ts', silenced)).toContain('no-restricted-globals');
    expect(await problems('src/cli/fake.ts', 'process.exitCode = 1;\n')).toEqual([]);
  });

  it('keeps src/model to types and error classes', async () => {
    expect(await problems('src/model/fake.ts', 'export function f(): number {\n  return 1;\n}\n')).toEqual([
      'no-restricted-syntax',
    ]);
    expect(await problems('src/model/fake.ts', 'export const f = (): number => 1;\n')).toContain(
      'no-restricted-syntax',
    );
    expect(await problems('src/model/fake.ts', 'export const LIMIT = 3;\n')).toEqual(['no-restricted-syntax']);
    const types = 'export interface A {\n  readonly b: string;\n}\nexport type C = A | null;\n';
    expect(await problems('src/model/fake.ts', types)).toEqual([]);
    const error = 'export class E extends Error {\n  constructor(readonly code: string) {\n    super(code);\n  }\n}\n';
    expect(await problems('src/model/fake.ts', error)).toEqual([]);
  });
});
