import type { Argv } from 'yargs';
import { OpstackError } from '../../model/errors.js';
import type { StackStatus } from '../../model/status.js';
import { readClusterStatus } from '../../read/cluster-status.js';
import { renderStatusJson, renderStatusText } from '../../render/status.js';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import {
  type GlobalOptions,
  paletteFor,
  type StackSelection,
  withGlobalOptions,
  withStackSelection,
} from '../options.js';
import { failureOf, loadStacks, withClients } from '../pipeline.js';
import { resolvedTarget } from '../resolved-targets.js';

interface StatusArgs extends GlobalOptions, StackSelection {
  readonly stacks?: string[];
  readonly json?: boolean;
}

/** Read-only: what each stack's cluster looks like now. */
export function statusCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withStackSelection(withGlobalOptions(yargs))
        .positional('stacks', {
          type: 'string',
          array: true,
          describe: 'Only these stacks (like --stack; default: all)',
        })
        .option('json', { type: 'boolean', describe: 'Print a versioned JSON document' })
        .example('$0', 'Every cluster the stacks target')
        .example('$0 --stack dc1 --json', 'One cluster, for scripts'),
    handler: async (args: StatusArgs) => {
      const { stacks } = await loadStacks(args, io, args.stacks ?? []);
      const statuses = await withClients(args, io, (clients) =>
        Promise.all(
          stacks.map(async (stack): Promise<StackStatus> => {
            try {
              return { ok: true, status: await readClusterStatus(clients.for(stack.target), stack) };
            } catch (error) {
              if (!(error instanceof OpstackError)) throw error;
              return { ok: false, ...failureOf(stack.name, error) };
            }
          }),
        ),
      );
      const shown = statuses.map((s) =>
        s.ok ? { ...s, status: { ...s.status, target: resolvedTarget(s.status.target, io.env) } } : s,
      );
      io.stdout(args.json ? renderStatusJson(statuses) : renderStatusText(shown, paletteFor(args, io)));
      setExit(statuses.every((s) => s.ok) ? EXIT.ok : EXIT.error);
    },
  };
}
