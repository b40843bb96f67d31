import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_DIR, runCli } from '../support/cli.js';

const own = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const SCAFFOLD = [
  '.github/workflows/opstack.yml',
  '.gitignore',
  'cdktf.json',
  'package.json',
  'stacks/main.ts',
  'tsconfig.json',
];

/** Every file under `dir`, relative, sorted. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('opstack init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opstack-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scaffolds a new directory, pinning what opstack was built with', async () => {
    const result = await runCli(['init', 'infra'], { cwd: dir });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Created package.json, cdktf.json, tsconfig.json, stacks/main.ts, ' +
        '.gitignore, .github/workflows/opstack.yml in infra.\n' +
        '\nNext: cd infra && npm install, then declare your clusters in stacks/main.ts and run `npx opstack plan`.\n',
    });
    const repo = join(dir, 'infra');
    expect(filesIn(repo)).toEqual(SCAFFOLD);
    expect(readJson(join(repo, 'package.json'))).toEqual({
      type: 'module',
      private: true,
      dependencies: {
        '@cdktf/provider-consul': own.dependencies['@cdktf/provider-consul'],
        cdktf: own.dependencies.cdktf,
        constructs: own.dependencies.constructs,
        opstack: `^${own.version}`,
      },
      devDependencies: {
        '@types/node': own.devDependencies['@types/node'],
        tsx: own.dependencies.tsx,
        typescript: own.devDependencies.typescript,
      },
    });
    expect(readJson(join(repo, 'cdktf.json'))).toMatchObject({ app: 'npx tsx stacks/main.ts', output: 'cdktf.out' });
    expect(readJson(join(repo, 'tsconfig.json'))).toMatchObject({
      compilerOptions: { strict: true, noEmit: true },
      include: ['stacks/**/*.ts'],
    });
    const stack = readFileSync(join(repo, 'stacks/main.ts'), 'utf8');
    expect(stack).toContain("from 'opstack';");
    expect(stack).toContain("new ConsulDatacenter(app, 'dc1');");
    expect(stack).toContain("new NomadRegion(app, 'nomad-global', 'global');");
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain('cdktf.out/');
    const workflow = readFileSync(join(repo, '.github/workflows/opstack.yml'), 'utf8');
    expect(workflow).toContain('npx opstack plan --markdown > plan.md');
    expect(workflow).toContain('gh pr comment');
    expect(workflow).toContain('npx opstack apply --auto-approve');
    expect(workflow).toContain('npx opstack drift');
    expect(workflow).toContain("cron: '17 * * * *'");
  });

  it('adds the dependencies an existing package.json lacks and keeps everything it has', async () => {
    const before = {
      name: 'infra',
      scripts: { test: 'true' },
      dependencies: { opstack: 'file:../opstack-0.1.0.tgz', cdktf: '0.20.0' },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(before));
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Created cdktf.json, tsconfig.json, stacks/main.ts, .gitignore, .github/workflows/opstack.yml.\n',
    );
    expect(result.stdout).toContain(
      `Added to package.json: @cdktf/provider-consul@${own.dependencies['@cdktf/provider-consul']}, ` +
        `constructs@${own.dependencies.constructs}, ` +
        `typescript@${own.devDependencies.typescript}, ` +
        `@types/node@${own.devDependencies['@types/node']}, tsx@${own.dependencies.tsx}.\n`,
    );
    const after = readJson(join(dir, 'package.json'));
    expect(after).toMatchObject({ type: 'module', name: 'infra', scripts: { test: 'true' } });
    expect(after.dependencies).toEqual({
      '@cdktf/provider-consul': own.dependencies['@cdktf/provider-consul'],
      cdktf: '0.20.0',
      constructs: own.dependencies.constructs,
      opstack: 'file:../opstack-0.1.0.tgz',
    });
  });

  it('refuses to overwrite, names every file in the way, and writes nothing', async () => {
    writeFileSync(join(dir, 'cdktf.json'), '{}');
    mkdirSync(join(dir, 'stacks'));
    writeFileSync(join(dir, 'stacks', 'main.ts'), '// mine');
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `opstack init would overwrite cdktf.json, stacks/main.ts in ${dir}; nothing was written.`,
    );
    expect(filesIn(dir)).toEqual(['cdktf.json', 'stacks/main.ts']);
    expect(readFileSync(join(dir, 'stacks', 'main.ts'), 'utf8')).toBe('// mine');
  });

  it('refuses a package.json it cannot read, and writes nothing', async () => {
    writeFileSync(join(dir, 'package.json'), '{ "dependencies": ');
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'package.json')} is not valid JSON; nothing was written.`);
    expect(filesIn(dir)).toEqual(['package.json']);
  });
});

describe('opstack validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opstack-validate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("needs the project's own TypeScript, and says how to get it", async () => {
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'npx tsx stacks/main.ts' }));
    const result = await runCli(['validate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: opstack validate type-checks with the project's TypeScript, and ${dir} has none installed.\n` +
        '  Run `npm install --save-dev typescript` (opstack init adds it), then validate again.\n',
    );
  });
});
