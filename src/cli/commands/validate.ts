import type { Argv } from 'yargs';
import { InvalidStacksError } from '../../model/errors.js';
import { appCommandFromConfig } from '../../synth/run-app.js';
import { typeCheckApp } from '../../synth/type-check.js';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { type GlobalOptions, withGlobalOptions } from '../options.js';
import { loadStacks } from '../pipeline.js';

/**
 * Type-checks the app with the project's TypeScript, then runs it and checks the stacks as plan
 * does before its first request. Talks to no cluster; reports every problem of both at once.
 */
export function validateCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withGlobalOptions(yargs)
        .example(
          '$0',
          "Type-check cdktf.json's app (tsconfig.json's settings) and check every stack, without a cluster",
        )
        .example('$0 --synth-dir cdktf.out', 'Check already synthesised stacks (nothing to type-check)'),
    handler: async (args: GlobalOptions) => {
      const typeCheck =
        args.synthDir === undefined
          ? typeCheckApp(args.app ?? (await appCommandFromConfig(io.cwd)), io.cwd)
          : undefined;
      const typeErrors = typeCheck?.checked ? typeCheck.errors.length : 0;
      if (typeErrors > 0 && typeCheck?.checked) io.stderr(`${typeCheck.errors.join('\n')}\n\n`);
      if (typeCheck?.checked === false) io.stderr(`Not type-checked: ${typeCheck.reason}.\n`);
      let stackErrors = 0;
      let names: string[] = [];
      try {
        names = (await loadStacks(args, io)).stacks.map((stack) => stack.name);
      } catch (error) {
        if (!(error instanceof InvalidStacksError)) throw error;
        stackErrors = error.diagnostics.filter((d) => d.severity === 'error').length;
      }
      if (typeErrors + stackErrors > 0) {
        const counts = [plural(typeErrors, 'type error'), `${plural(stackErrors, 'error')} in its stacks`];
        const found = counts.filter((text) => !text.startsWith('0 ')).join(' and ');
        io.stderr(`Error: the app has ${found} (above). Nothing was sent to any cluster.\n`);
        return setExit(EXIT.error);
      }
      const checked = typeCheck?.checked ? `${typeCheck.entry} type-checks, and ` : '';
      io.stdout(
        `Valid: ${checked}the stacks (${names.join(', ') || 'none'}) pass every check that needs no cluster.\n`,
      );
      setExit(EXIT.ok);
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
