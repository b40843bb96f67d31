import { processIo } from './io.js';
import { main } from './main.js';

const io = processIo();
process.exitCode = await main(process.argv.slice(2), io);
// An app loaded in process that did not finish would keep the process alive: exit once the output is out.
if (io.control?.abandoned) process.stderr.write('', () => process.stdout.write('', () => process.exit()));
