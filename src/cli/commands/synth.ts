import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadDesired } from '../../desired/load-desired.js';
import { readKeyReference } from '../../secrets/key-references.js';
import { renderDiagnostics } from '../../render/text.js';
import { readSynthOutput } from '../../synth/synth-output.js';
import { endpointFor } from '../pipeline.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { synthApp } from '../synth-app.js';
import { type GlobalOptions, paletteFor, withGlobalOptions } from '../options.js';

export function synthCommand(io: CliIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withGlobalOptions(yargs)
        .option('output', { type: 'string', default: 'cdktf.out', describe: 'Directory to write the synthesised stacks to' })
        .example('$0', 'Write cdktf.out and list the stacks and what they declare')
        .example('opstack plan --synth-dir cdktf.out', 'Then plan from that output without running the app again'),
    handler: async (args: GlobalOptions & { output: string }) => {
      const dir = await synthApp(args.app, io, resolve(io.cwd, args.output));
      const { stacks, diagnostics } = loadDesired(await readSynthOutput(dir), (reference) => readKeyReference(reference, io.env), endpointFor(io.env));
      if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, paletteFor(args, io)));
      for (const stack of stacks) {
        io.stdout(`${stack.name}: ${stack.resources.map((r) => `${r.type}.${r.name}`).join(', ') || '(no resources)'}\n`);
      }
      io.stdout(`Wrote ${dir}\n`);
      setExit(diagnostics.some((d) => d.severity === 'error') ? EXIT.error : EXIT.ok);
    },
  };
}
