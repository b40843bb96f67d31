import { closestMatch } from 'leven';
import { parseGoBool } from '../api/go-parse-bool.js';

/**
 * Terraform spells long options with one dash (`-auto-approve`, `-out=plan.json`, `-no-color`);
 * yargs would read `-json` as `-j -s -o -n`. Every one-dash word of two or more letters before a
 * `--` becomes its two-dash form, so both spellings work. Single letters (`-h`) stay short options.
 */
export function terraformStyleOptions(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, i) => ((end === -1 || i < end) && /^-[a-z][a-z-]+(=.*)?$/i.test(arg) ? `-${arg}` : arg));
}

/** A command line opstack cannot run: shown as one line and a pointer to `--help`, never the whole help. */
export class UsageError extends Error {}

/**
 * The first option on the command line that none of `known` names, with the closest known one
 * (`--jsno` → `--json`). `known` are the option keys and aliases yargs registered.
 */
export function unknownOption(
  argv: readonly string[],
  known: readonly string[],
): { given: string; suggestion?: string } | undefined {
  const names = new Set(known.flatMap((key) => [key, `no-${key}`, camelCase(key)]));
  const end = argv.indexOf('--');
  for (const arg of end === -1 ? argv : argv.slice(0, end)) {
    const name = /^--?([^=]+)/.exec(arg)?.[1];
    if (name === undefined || /^\d/.test(name) || names.has(name)) continue;
    // Single letters are too short to guess from: `-x` is not a typo of `-h`.
    const candidates = known.filter((key) => key.length > 1);
    const suggestion =
      name.length > 1
        ? closestMatch(name, candidates, { maxDistance: Math.max(2, Math.floor(name.length / 3)) })
        : undefined;
    return { given: arg.split('=')[0] ?? arg, ...(suggestion ? { suggestion: `--${suggestion}` } : {}) };
  }
  return undefined;
}

/**
 * yargs reads `--name=<anything but true>` of a boolean option as false: `--lock=1`, `--lock=TRUE`
 * and a typo such as `--lock=ture` all switched the apply lock off. Terraform's Go flags take 1, t,
 * T, TRUE, true, True and their false forms and refuse the rest; so does opstack, which sets each
 * such option in `parsed` as Go reads it, or refuses it.
 */
export function readGoBooleans(argv: readonly string[], booleans: readonly string[], parsed: Record<string, unknown>) {
  const options = new Map(booleans.flatMap((key) => [[key, key] as const, [camelCase(key), key] as const]));
  const end = argv.indexOf('--');
  for (const arg of end === -1 ? argv : argv.slice(0, end)) {
    const [, given = '', text = ''] = /^--([^=]+)=(.*)$/s.exec(arg) ?? [];
    const key = options.get(given);
    if (key === undefined) continue;
    const value = parseGoBool(text);
    if (value === undefined) {
      throw new UsageError(
        `--${given}=${JSON.stringify(text)} is not a boolean. Use --${key}, --${key}=false or --no-${key}.`,
      );
    }
    parsed[key] = parsed[camelCase(key)] = value;
  }
}

function camelCase(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
