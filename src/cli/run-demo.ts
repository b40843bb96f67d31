// `npm run demo`: the demo, given this process's output and environment.
import { runDemo } from '../demo/run-demo.js';

try {
  await runDemo({
    write: (text) => process.stdout.write(text),
    env: process.env,
    nodePath: process.execPath,
    stdoutIsTty: process.stdout.isTTY === true,
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
