import yargs from 'yargs';
import { OpstackError } from '../model/errors.js';
import { redactSecrets } from '../util/fingerprint.js';
import { OPSTACK_VERSION } from '../version.js';
import { applyCommand } from './commands/apply.js';
import { driftCommand } from './commands/drift.js';
import { planCommand } from './commands/plan.js';
import { simCommand } from './commands/sim.js';
import { statusCommand } from './commands/status.js';
import { synthCommand } from './commands/synth.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Runs one opstack command and returns its exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const cli = yargs([...argv])
    .scriptName('opstack')
    .usage('$0 <command> [options]\n\nPlan and apply the operator settings of Consul and Nomad clusters declared in cdktf stacks.')
    .command(synthCommand(io, setExit))
    .command(planCommand(io, setExit))
    .command(applyCommand(io, setExit))
    .command(driftCommand(io, setExit))
    .command(statusCommand(io, setExit))
    .command(simCommand(io, setExit))
    .demandCommand(1, 'Name a command: synth, plan, apply, drift, status or sim.')
    .strict()
    .exitProcess(false)
    .help()
    .alias('help', 'h')
    .version(OPSTACK_VERSION)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success; 1 error; 2 changes present (plan --detailed-exitcode, drift). Docs: README.md');
  try {
    await cli.parseAsync([...argv], {}, (error, _args, output) => {
      if (error) {
        io.stderr(`${output ? `${output}\n\n` : ''}Error: ${error.message}\n`);
        exitCode = EXIT.error;
      } else if (output) {
        io.stdout(`${output}\n`);
      }
    });
  } catch (error) {
    io.stderr(describeFailure(error, io));
    return EXIT.error;
  }
  return exitCode;
}

/** Typed errors say what to check; anything else is a bug, shown with its stack for the report. */
function describeFailure(error: unknown, io: CliIo): string {
  const secrets = [io.env.CONSUL_HTTP_TOKEN ?? ''];
  if (error instanceof OpstackError) {
    return redactSecrets(`Error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`, secrets);
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return redactSecrets(`Error: opstack failed unexpectedly. This is a bug; please report it.\n${text}\n`, secrets);
}
