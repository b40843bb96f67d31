import { Annotations, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { closestMatch } from 'leven';

/**
 * Every property name of a props type, listed once. As a `Record` over `keyof T` the compiler
 * checks the list is complete and holds nothing else, so it cannot fall behind the interface.
 */
export type PropNames<T> = { readonly [K in keyof Required<T>]: true };

/** cdktf's meta-arguments, which every provider resource class accepts (`TerraformMetaArguments`). */
export const META_ARGUMENTS: PropNames<TerraformMetaArguments> = {
  dependsOn: true,
  count: true,
  provider: true,
  lifecycle: true,
  forEach: true,
  provisioners: true,
  connection: true,
};

/**
 * Records an error on `construct` for each property of `props` that `known` does not name, with
 * the closest known name: `minQuorom` → "did you mean `minQuorum`?". TypeScript's excess-property
 * check sees only object literals in code it checks, and synth and plan run the app without
 * type-checking it. cdktf keeps the error with the construct path in the synthesised manifest,
 * where opstack reports it with every other problem of the stacks, before any request (and a
 * plain `cdktf synth` refuses it too).
 */
export function rejectUnknownProps<T extends object>(
  construct: Construct,
  props: T | undefined,
  known: PropNames<T>,
  prefix = '',
): void {
  const names = Object.keys(known);
  for (const key of Object.keys(props ?? {})) {
    if (Object.hasOwn(known, key)) continue;
    const suggestion = closestMatch(key, names, { maxDistance: Math.max(2, Math.floor(key.length / 3)) });
    const hint = suggestion
      ? `did you mean \`${prefix}${suggestion}\`?`
      : `it has ${names.map((name) => `\`${prefix}${name}\``).join(', ')}.`;
    Annotations.of(construct).addError(`${construct.constructor.name} has no property \`${prefix}${key}\`: ${hint}`);
  }
}
