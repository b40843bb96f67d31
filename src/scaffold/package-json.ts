import type { OwnPackage } from '../version.js';

/** What a stack needs at run time, pinned as opstack pins them so a single copy of cdktf is installed. */
const RUNTIME = ['cdktf', '@cdktf/provider-consul', 'constructs'] as const;
/** What `npx tsx stacks/main.ts` and `opstack validate` (TypeScript, Node's types) need. */
const TOOLING = ['typescript', '@types/node', 'tsx'] as const;

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

type Manifest = Record<string, unknown>;

/**
 * package.json for an infra repo: `before` (if any) with every dependency it lacks added at the
 * version opstack was built with. Entries already there, in any dependency section, are kept, and
 * so is everything else in it.
 */
export function withDependencies(
  before: Manifest | undefined,
  own: OwnPackage,
): { manifest: Manifest; added: string[] } {
  const present = new Set(SECTIONS.flatMap((section) => Object.keys(sectionOf(before, section))));
  const added: string[] = [];
  const merged = (section: string, wanted: ReadonlyArray<readonly [string, string | undefined]>) => {
    const missing = wanted.filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !present.has(entry[0]),
    );
    added.push(...missing.map(([name, version]) => `${name}@${version}`));
    const entries = Object.entries({ ...sectionOf(before, section), ...Object.fromEntries(missing) });
    return entries.length === 0
      ? {}
      : { [section]: Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))) };
  };
  const pinned = (name: string) => [name, own.dependencies[name] ?? own.devDependencies[name]] as const;
  const manifest = {
    // ES modules, as the template's stacks/main.ts is written; a repo that already chose keeps its choice.
    type: 'module',
    ...(before ?? { private: true }),
    ...merged('dependencies', [['opstack', `^${own.version}`], ...RUNTIME.map(pinned)]),
    ...merged('devDependencies', TOOLING.map(pinned)),
  };
  return { manifest, added };
}

function sectionOf(manifest: Manifest | undefined, section: string): Record<string, string> {
  const value = manifest?.[section];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
}
