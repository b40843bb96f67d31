import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpstackError } from '../model/errors.js';

/** One stack's Terraform JSON as cdktf wrote it (`stacks/<name>/cdk.tf.json`). */
export interface SynthesizedStack {
  readonly name: string;
  readonly document: unknown;
}

interface Manifest {
  readonly stacks?: Record<string, { readonly synthesizedStackPath?: string }>;
}

/** Reads every stack listed in a cdktf output directory's manifest.json, sorted by name. */
export async function readSynthOutput(dir: string): Promise<SynthesizedStack[]> {
  const manifest = (await readJson(join(dir, 'manifest.json'), dir)) as Manifest;
  const entries = Object.entries(manifest.stacks ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(
    entries.map(async ([name, entry]) => ({
      name,
      document: await readJson(join(dir, entry.synthesizedStackPath ?? join('stacks', name, 'cdk.tf.json')), dir),
    })),
  );
}

async function readJson(path: string, dir: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new OpstackError('SynthFailed', `Cannot read ${path}.`, `Is ${dir} a cdktf output directory? Run \`opstack synth\` (or \`cdktf synth\`) to write it.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OpstackError('SynthFailed', `${path} is not valid JSON: ${(error as Error).message}.`, 'Synthesise the stacks again.');
  }
}
