import { type CliIo, processIo } from './io.js';
import { main } from './main.js';

/**
 * What `opstack` does as a process: runs the command, sets the exit code. The bundle's one export
 * (src/build/bundle-cli.ts), called by bin/opstack.js.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<void> {
  process.exitCode = await main(argv, io);
  // An app loaded in process that did not finish would keep the process alive: exit once the output is out.
  if (io.control?.abandoned) process.stderr.write('', () => process.stdout.write('', () => process.exit()));
}
