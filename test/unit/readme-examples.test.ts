import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../support/cli.js';

/**
 * The README's TypeScript examples must compile against the real constructs. Each ```ts block is
 * written into a stack constructor (fragments use `this`) and type-checked with the project's tsc.
 */
describe('README examples', () => {
  it('every ```ts block type-checks', () => {
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    // Beside stacks/ so the examples' '../src/…' imports resolve; outside every tsconfig's include.
    const dir = join(PROJECT_DIR, '.readme-check');
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((block, i) => {
      const imports = block.split('\n').filter((line) => line.startsWith('import '));
      const body = block.split('\n').filter((line) => !line.startsWith('import '));
      const isProgram = body.some((line) => line.includes('app.synth()'));
      const source = isProgram
        ? [...imports, ...body].join('\n')
        : [...imports, "import { TerraformStack } from 'cdktf';", 'export class Example extends TerraformStack {', '  build(): void {', ...body.map((l) => `    ${l}`), '  }', '}'].join('\n');
      const path = join(dir, `example-${i}.ts`);
      writeFileSync(path, `// Generated from README.md by test/unit/readme-examples.test.ts.\n${source.replace(/'8f0c…'/g, "'8f0c0000-0000-0000-0000-000000000000'")}\n`);
      return path;
    });
    const tsc = join(PROJECT_DIR, 'node_modules', '.bin', 'tsc');
    const result = (() => {
      try {
        execFileSync(tsc, ['--noEmit', '--strict', '--skipLibCheck', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node', ...files], { cwd: PROJECT_DIR, encoding: 'utf8' });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(result).toBe('');
  });
});
