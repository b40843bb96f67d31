import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadDesired } from '../../desired/load-desired.js';
import { readKeyReference } from '../../secrets/key-references.js';
import { renderDiagnostics } from '../../render/text.js';
import { VALIDATE_HINT } from '../../synth/run-app.js';
import { readSynthOutput } from '../../synth/synth-output.js';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { synthApp } from '../synth-app.js';
import { durationOption, type GlobalOptions, paletteFor, withGlobalOptions } from '../options.js';
import { endpointFor, rememberKey, requireStacks, secretNotice } from '../pipeline.js';

export function synthCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withGlobalOptions(yargs)
        .option('output', {
          type: 'string',
          requiresArg: true,
          default: 'cdktf.out',
          describe: 'Directory to write the synthesised stacks to',
        })
        .example('$0', 'Write cdktf.out and list the stacks and what they declare')
        .example('opstack plan --synth-dir cdktf.out', 'Then plan from that output without running the app again'),
    handler: async (args: GlobalOptions & { output: string }) => {
      const timeoutMs = durationOption('synth-timeout', args.synthTimeout, '30s or 10m');
      const { dir } = await synthApp(args.app, io, timeoutMs, resolve(io.cwd, args.output));
      const synthesized = requireStacks(await readSynthOutput(dir), 'The cdktf app');
      const { stacks, diagnostics } = loadDesired(
        synthesized,
        (reference) => rememberKey(readKeyReference(reference, io.env), io),
        endpointFor(io.env),
      );
      if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, paletteFor(args, io)));
      for (const stack of stacks) {
        io.stdout(
          `${stack.name}: ${stack.resources.map((r) => `${r.type}.${r.name}`).join(', ') || '(no resources)'}\n`,
        );
      }
      io.stdout(`Wrote ${dir}\n`);
      // The directory is the user's to keep, so a secret the app wrote there is pointed out.
      const notice = secretNotice(diagnostics, synthesized, true);
      if (notice) io.stderr(`Warning:${notice}\n`);
      const failed = diagnostics.some((d) => d.severity === 'error');
      if (failed) io.stderr(`${VALIDATE_HINT}\n`);
      setExit(failed ? EXIT.error : EXIT.ok);
    },
  };
}
