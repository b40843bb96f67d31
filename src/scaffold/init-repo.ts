import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OpstackError } from '../model/errors.js';
import { OWN_PACKAGE, type OwnPackage } from '../version.js';
import { withDependencies } from './package-json.js';

/** Files `opstack init` writes, by path in the new repo → template under templates/init/. */
const TEMPLATES: ReadonlyArray<readonly [path: string, template: string]> = [
  ['cdktf.json', 'cdktf.json'],
  ['tsconfig.json', 'tsconfig.json'],
  ['stacks/main.ts', 'stacks/main.ts'],
  // npm leaves dot files such as .gitignore out of a package, so the templates are named without the dot.
  ['.gitignore', 'gitignore'],
  ['.github/workflows/opstack.yml', 'github-workflow.yml'],
];

export interface InitResult {
  /** Files created, relative to the repo. */
  readonly created: readonly string[];
  /** Dependencies added to a package.json that was there before (undefined when init created it). */
  readonly addedToPackageJson?: readonly string[];
}

/**
 * Scaffolds an infra repo in `dir` (created if missing). An existing package.json gains the
 * dependencies it lacks and keeps everything it has; any other file that exists stops init
 * before it writes anything.
 */
export async function initRepo(dir: string, own: OwnPackage = OWN_PACKAGE): Promise<InitResult> {
  const existing = TEMPLATES.map(([path]) => path).filter((path) => existsSync(join(dir, path)));
  if (existing.length > 0) {
    throw new OpstackError(
      'WouldOverwrite',
      `opstack init would overwrite ${existing.join(', ')} in ${dir}; nothing was written.`,
      'Move those files aside, or run init in a new directory.',
    );
  }
  const packagePath = join(dir, 'package.json');
  const before = existsSync(packagePath) ? await readPackageJson(packagePath) : undefined;
  const { manifest, added } = withDependencies(before, own);
  const templates = await Promise.all(
    TEMPLATES.map(async ([path, template]) => [path, await readTemplate(own, template)] as const),
  );
  await mkdir(dir, { recursive: true });
  const changed = JSON.stringify(manifest) !== JSON.stringify(before);
  if (changed) await writeFile(packagePath, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [path, content] of templates) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content, { flag: 'wx' });
  }
  const paths = templates.map(([path]) => path);
  return before ? { created: paths, addedToPackageJson: added } : { created: ['package.json', ...paths] };
}

async function readPackageJson(path: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new OpstackError(
      'InvalidConfig',
      `${path} is not valid JSON; nothing was written.`,
      'Fix it (npm must be able to read it too), then run init again.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OpstackError(
      'InvalidConfig',
      `${path} does not hold a JSON object; nothing was written.`,
      'Fix it, then run init again.',
    );
  }
  return parsed as Record<string, unknown>;
}

function readTemplate(own: OwnPackage, template: string): Promise<string> {
  return readFile(join(own.root, 'templates', 'init', template), 'utf8');
}
