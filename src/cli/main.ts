import yargs, { type Argv } from 'yargs';
import { OpstackError } from '../model/errors.js';
import { registerEnvironmentSecrets } from '../secrets/environment-secrets.js';
import { Redactor } from '../util/redactor.js';
import { OPSTACK_VERSION } from '../version.js';
import { COMMANDS, findCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, redactingIo } from './io.js';
import { readGoBooleans, terraformStyleOptions, UsageError, unknownOption } from './usage-errors.js';

const ABOUT = 'Plan and apply the operator settings of Consul and Nomad clusters declared in cdktf stacks.';
const EXIT_CODES =
  'Exit codes: 0 success; 1 error; 2 changes present (plan --detailed-exitcode, drift); ' +
  '130/143 stopped by SIGINT/SIGTERM. Docs: README.md';

/**
 * Runs one opstack command and returns its exit code. Never calls process.exit. Everything it
 * prints passes through one redactor, fed with the environment's credentials here and with the
 * gossip keys as the command learns them.
 */
export async function main(given: readonly string[], outside: CliIo): Promise<number> {
  const argv = terraformStyleOptions(given);
  const redactor = new Redactor();
  registerEnvironmentSecrets(outside.env, redactor);
  const io = redactingIo(outside, redactor);
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const [name, ...rest] = argv;
  const entry = findCommand(name);
  // A known command gets a yargs of its own, as its default command: yargs then renders no help
  // text unless asked (it caches a help text for every named command it runs, which costs more
  // than all of opstack's own start-up), and only that command's module is loaded.
  const cli = entry
    ? setup(yargs([...rest]), `opstack ${name}`, rest)
        .version(false)
        .command({
          ...(await entry.load())(io, setExit),
          command: `$0${entry.positionals ? ` ${entry.positionals}` : ''}`,
          describe: entry.describe,
        })
    : topLevel([...argv]);
  try {
    await cli.parseAsync(entry ? [...rest] : [...argv], {}, (_error, _args, output) => {
      if (output) io.stdout(`${output}\n`);
    });
  } catch (error) {
    io.stderr(
      error instanceof UsageError
        ? `Error: ${error.message}\n  Run \`${entry ? `opstack ${name}` : 'opstack'} --help\` for the usage.\n`
        : describeFailure(error),
    );
    return EXIT.error;
  }
  return exitCode;
}

/**
 * What every opstack yargs shares. A mistake on the command line fails with one line (and the
 * closest option for a mistyped one), not the whole help; errors from a command's own work are
 * passed on as they are.
 */
function setup(cli: Argv, scriptName: string, argv: readonly string[], unknownCommand?: string): Argv {
  const suggestions: string[] = [];
  return (
    cli
      .scriptName(scriptName)
      .locale('en')
      .strict()
      .exitProcess(false)
      .help()
      .alias('help', 'h')
      .wrap(Math.min(110, process.stdout.columns || 100))
      .epilogue(EXIT_CODES)
      // Before validation: a command's own options are known by then, and its handler sees the values.
      .middleware((args) => readGoBooleans(argv, (cli as Argv & RegisteredOptions).getOptions().boolean, args), true)
      .fail((message, error) => {
        // yargs' own validation errors (YError: a missing option value) are usage errors, not bugs.
        if (error && error.name !== 'YError') throw error;
        // recommendCommands reports its "Did you mean …?" before the error it belongs to.
        if (message.startsWith('Did you mean')) return void suggestions.push(message);
        const options = (cli as Argv & RegisteredOptions).getOptions();
        const unknown = unknownOption(argv, [...Object.keys(options.key), ...Object.values(options.alias).flat()]);
        const text = unknown
          ? `Unknown option ${unknown.given}.${unknown.suggestion ? ` Did you mean ${unknown.suggestion}?` : ''}`
          : unknownCommand
            ? `Unknown command ${JSON.stringify(unknownCommand)}.`
            : message;
        throw new UsageError([text, ...suggestions].join(' '));
      })
  );
}

/** yargs' own `getOptions()`, which its type declarations leave out: the keys and aliases registered. */
interface RegisteredOptions {
  getOptions(): {
    readonly key: Readonly<Record<string, unknown>>;
    readonly alias: Readonly<Record<string, readonly string[]>>;
    readonly boolean: readonly string[];
  };
}

/** No command, or an unknown one: the list of commands, and the closest one for a typo. */
function topLevel(argv: string[]): Argv {
  const [first] = argv;
  let cli = setup(yargs(argv), 'opstack', argv, first?.startsWith('-') ? undefined : first)
    .usage(`$0 <command> [options]\n\n${ABOUT}`)
    .version(OPSTACK_VERSION)
    .recommendCommands()
    .demandCommand(1, `Name a command: ${Object.keys(COMMANDS).join(', ')}.`);
  for (const [name, { positionals, describe }] of Object.entries(COMMANDS)) {
    cli = cli.command(`${name}${positionals ? ` ${positionals}` : ''}`, describe);
  }
  return cli;
}

/** Typed errors say what to check; anything else is a bug, shown with its stack for the report. */
function describeFailure(error: unknown): string {
  if (error instanceof OpstackError) return `Error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `Error: opstack failed unexpectedly. This is a bug; please report it.\n${text}\n`;
}
