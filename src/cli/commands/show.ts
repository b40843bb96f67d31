import type { Argv } from 'yargs';
import { readPlanFile } from '../../planfile/plan-file.js';
import { renderReportJson } from '../../render/json.js';
import { renderReportMarkdown } from '../../render/markdown.js';
import { renderReportText } from '../../render/text.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { paletteFor } from '../options.js';
import { withResolvedTargets } from '../resolved-targets.js';

interface ShowArgs {
  readonly planfile: string;
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly color: boolean;
}

/** Renders a saved plan exactly as `plan` printed it; reads no stack and no cluster. */
export function showCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      yargs
        .positional('planfile', {
          type: 'string',
          demandOption: true,
          describe: 'A plan saved by `opstack plan --out`',
        })
        .option('json', {
          type: 'boolean',
          describe: 'Print the versioned JSON document (docs/json-format.md)',
          conflicts: 'markdown',
        })
        .option('markdown', { type: 'boolean', describe: 'Print a pull-request comment' })
        .option('color', {
          type: 'boolean',
          default: true,
          describe: 'Colour the output (only on a terminal; --no-color or NO_COLOR turn it off)',
        })
        .example('$0 plan.json', 'Review a saved plan before `opstack apply plan.json`')
        .example('$0 plan.json --markdown > comment.md', 'Post a saved plan on a pull request'),
    handler: async (args: ShowArgs) => {
      const { report, opstackVersion } = await readPlanFile(args.planfile);
      // Shown as plan showed it: addresses the stacks left to the environment resolved, as apply will.
      const shown = withResolvedTargets(report, io.env);
      const text = () => renderReportText(shown, paletteFor(args, io));
      io.stdout(
        args.json ? renderReportJson(report, opstackVersion) : args.markdown ? renderReportMarkdown(shown) : text(),
      );
      setExit(EXIT.ok);
    },
  };
}
