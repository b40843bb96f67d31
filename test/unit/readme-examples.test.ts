import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../support/cli.js';

/** The README's ```ts blocks as files: fragments (which use `this`) go into a stack's method. */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  // Inside the package (never written to disk) so `from 'opstack'` resolves as a self-reference,
  // to the built declarations, exactly as in a user's repo.
  const dir = join(PROJECT_DIR, '.readme-check');
  return new Map(
    blocks.map((block, i) => {
      const imports = block.split('\n').filter((line) => line.startsWith('import '));
      const body = block.split('\n').filter((line) => !line.startsWith('import '));
      const wrapped = [
        "import { TerraformStack } from 'cdktf';",
        'export class Example extends TerraformStack {',
        '  build(): void {',
        ...body.map((l) => `    ${l}`),
        '  }',
        '}',
      ];
      const source = [...imports, ...(body.some((line) => line.includes('app.synth()')) ? body : wrapped)].join('\n');
      return [join(dir, `example-${i}.ts`), source.replace(/'8f0c…'/g, "'8f0c0000-0000-0000-0000-000000000000'")];
    }),
  );
}

/** Type-checks the README's TypeScript examples against the built package with the project's tsc. */
describe('README examples', () => {
  it('every ```ts block type-checks, importing from opstack', () => {
    const examples = readmeExamples();
    expect(examples.size).toBeGreaterThanOrEqual(5);
    expect([...examples.values()].filter((source) => source.includes("from 'opstack'")).length).toBeGreaterThanOrEqual(
      5,
    );
    const options: ts.CompilerOptions = {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const { fileExists, readFile } = host;
    host.fileExists = (path) => examples.has(path) || fileExists.call(host, path);
    host.readFile = (path) => examples.get(path) ?? readFile.call(host, path);
    const program = ts.createProgram([...examples.keys()], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => PROJECT_DIR,
        getNewLine: () => '\n',
      }),
    ).toBe('');
  });
});
