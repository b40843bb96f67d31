import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type * as TypeScript from 'typescript';
import { OpstackError } from '../model/errors.js';
import { appEntryPoint } from './app-entry.js';

/** What type-checking the app found: nothing to check, or the compiler's errors (empty when clean). */
export type TypeCheckResult =
  | { readonly checked: false; readonly reason: string }
  | { readonly checked: true; readonly entry: string; readonly errors: readonly string[] };

/**
 * Type-checks the app's entry point, and everything it imports, as `tsc --noEmit` would with the
 * project's tsconfig.json (strict defaults without one). It uses the project's own TypeScript
 * (`typescript` in its node_modules, which `opstack init` adds), so the result is what the
 * project's editor and CI see; nothing is fetched.
 */
export function typeCheckApp(command: string, projectDir: string): TypeCheckResult {
  const entry = appEntryPoint(command);
  if (entry?.loader !== 'tsx') return { checked: false, reason: `\`${command}\` runs no single TypeScript file` };
  const ts = projectTypeScript(projectDir);
  const path = resolve(projectDir, entry.file);
  const options = compilerOptions(ts, projectDir, dirname(path));
  const program = ts.createProgram([path], { ...options, noEmit: true });
  const host = {
    getCanonicalFileName: (f: string) => f,
    getCurrentDirectory: () => projectDir,
    getNewLine: () => '\n',
  };
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ts.formatDiagnostic(d, host).trim());
  return { checked: true, entry: relative(projectDir, path), errors };
}

function projectTypeScript(projectDir: string): typeof TypeScript {
  try {
    return createRequire(join(projectDir, 'package.json'))('typescript') as typeof TypeScript;
  } catch {
    throw new OpstackError(
      'InvalidConfig',
      `opstack validate type-checks with the project's TypeScript, and ${projectDir} has none installed.`,
      'Run `npm install --save-dev typescript` (opstack init adds it), then validate again.',
    );
  }
}

/** The nearest tsconfig.json from the entry point up to the project, else strict NodeNext defaults. */
function compilerOptions(ts: typeof TypeScript, projectDir: string, from: string): TypeScript.CompilerOptions {
  const config = ts.findConfigFile(from, (file) => existsSync(file) && !relative(projectDir, file).startsWith('..'));
  if (config === undefined) {
    const { ModuleKind, ModuleResolutionKind, ScriptTarget } = ts;
    return {
      strict: true,
      skipLibCheck: true,
      module: ModuleKind.NodeNext,
      moduleResolution: ModuleResolutionKind.NodeNext,
      target: ScriptTarget.ES2022,
    };
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (parsed === undefined || parsed.errors.length > 0) {
    throw new OpstackError(
      'InvalidConfig',
      `Cannot read ${config}.`,
      'Fix it so that `npx tsc --noEmit` accepts it, then validate again.',
    );
  }
  return parsed.options;
}
