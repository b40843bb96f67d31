import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { OpstackError } from '../model/errors.js';
import { parseUntrustedJson } from '../util/parse-json.js';

/** One stack's Terraform JSON as cdktf wrote it (`stacks/<name>/cdk.tf.json`). */
export interface SynthesizedStack {
  readonly name: string;
  /** The file it was read from, for messages (e.g. where a refused secret sits). */
  readonly file?: string;
  readonly document: unknown;
  /** What the stack's constructs reported while the app ran (e.g. a mistyped property). */
  readonly annotations?: readonly StackAnnotation[];
}

/** An error or warning a construct recorded with cdktf's `Annotations`, kept in manifest.json. */
export interface StackAnnotation {
  readonly severity: 'error' | 'warning';
  readonly constructPath: string;
  readonly message: string;
}

const SEVERITY: Readonly<Record<string, StackAnnotation['severity']>> = {
  '@cdktf/error': 'error',
  '@cdktf/warn': 'warning',
};

/**
 * Reads every stack listed in a cdktf output directory's manifest.json, sorted by name. The
 * manifest is the app's output, so it is checked: each stack path must stay inside `dir`, and
 * no message quotes a file's content.
 */
export async function readSynthOutput(dir: string): Promise<SynthesizedStack[]> {
  const manifest = await readJson(join(dir, 'manifest.json'), dir);
  const stacks = isRecord(manifest) ? manifest.stacks : undefined;
  if (stacks !== undefined && !isRecord(stacks)) throw badManifest(dir, '"stacks" is not an object');
  const entries = Object.entries(stacks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(
    entries.map(async ([name, entry]) => {
      const file = stackFile(dir, name, isRecord(entry) ? entry.synthesizedStackPath : undefined);
      const annotations = annotationsOf(isRecord(entry) ? entry.annotations : undefined);
      return { name, file, document: await readJson(file, dir), annotations };
    }),
  );
}

/** The stack's file: the manifest's path, which must be relative and stay inside `dir`. */
function stackFile(dir: string, name: string, path: unknown): string {
  if (path === undefined) return join(dir, 'stacks', name, 'cdk.tf.json');
  if (typeof path !== 'string' || path === '')
    throw badManifest(dir, `stack "${name}" has a synthesizedStackPath that is not a path`);
  const file = resolve(dir, path);
  const inside = relative(resolve(dir), file);
  if (isAbsolute(path) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw badManifest(
      dir,
      `stack "${name}" has a synthesizedStackPath that leaves the output ` +
        `directory (${JSON.stringify(path)}); opstack reads nothing outside it`,
    );
  }
  return file;
}

function badManifest(dir: string, why: string): OpstackError {
  return new OpstackError(
    'SynthFailed',
    `${join(dir, 'manifest.json')} is not a cdktf manifest opstack can use: ${why}.`,
    'Synthesise the stacks again with `opstack synth` or `cdktf synth`.',
  );
}

/**
 * The errors and warnings of a manifest entry (cdktf's info annotations are left out). The app's
 * output is not trusted: entries of another shape are skipped, and messages lose control
 * characters (no terminal escapes) and are cut at 500 characters.
 */
function annotationsOf(value: unknown): StackAnnotation[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: { level?: unknown; constructPath?: unknown; message?: unknown }) => {
    const severity = typeof entry?.level === 'string' ? SEVERITY[entry.level] : undefined;
    if (severity === undefined || typeof entry.constructPath !== 'string' || typeof entry.message !== 'string')
      return [];
    return [{ severity, constructPath: printable(entry.constructPath), message: printable(entry.message) }];
  });
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 500);
}

async function readJson(path: string, dir: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new OpstackError(
      'SynthFailed',
      `Cannot read ${path}.`,
      `Is ${dir} a cdktf output directory? Run \`opstack synth\` (or \`cdktf synth\`) to write it.`,
    );
  }
  const parsed = parseUntrustedJson(text);
  if (!parsed.ok)
    throw new OpstackError('SynthFailed', `${path} cannot be used: ${parsed.problem}.`, 'Synthesise the stacks again.');
  return parsed.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
