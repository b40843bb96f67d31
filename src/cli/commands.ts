import type { Argv } from 'yargs';
import type { RunIo } from './io.js';

/**
 * What a command's module gives main: its options (`builder`) and what it does (`handler`). The
 * arguments' type is checked between the two inside each module; the table only carries them.
 */
export interface CommandDefinition {
  readonly builder: (yargs: Argv) => Argv<object>;
  readonly handler: (args: any) => Promise<void>;
}

export type CommandFactory = (io: RunIo, setExit: (code: number) => void) => CommandDefinition;

interface CommandEntry {
  /** The positionals after the command's name, in yargs notation (`[stacks..]`). */
  readonly positionals: string;
  readonly describe: string;
  /** Imports the command's module: a run loads the code of the one command it runs, nothing else. */
  readonly load: () => Promise<CommandFactory>;
}

/**
 * Every command, in the order `opstack --help` lists them. Names and one-line descriptions live
 * here so that the top-level help needs no command's module; a new command adds a row.
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: {
    positionals: '[dir]',
    describe: 'Start an infra repo: package.json, cdktf.json, tsconfig.json, stacks/main.ts, .gitignore, a CI workflow',
    load: async () => (await import('./commands/init.js')).initCommand,
  },
  import: {
    positionals: '',
    describe: 'Write a stack file declaring what the clusters are now (autopilot, network areas, gossip keyring)',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  synth: {
    positionals: '',
    describe: 'Run the cdktf app, write its Terraform JSON, and check the stacks',
    load: async () => (await import('./commands/synth.js')).synthCommand,
  },
  validate: {
    positionals: '',
    describe: 'Type-check the app and check the stacks, without a cluster',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  plan: {
    positionals: '[stacks..]',
    describe: 'Show what apply would change in each cluster',
    load: async () => (await import('./commands/plan.js')).planCommand,
  },
  apply: {
    positionals: '[planfile]',
    describe: 'Make the clusters match the stacks (or apply a saved plan exactly)',
    load: async () => (await import('./commands/apply.js')).applyCommand,
  },
  show: {
    positionals: '<planfile>',
    describe: 'Print a saved plan as `plan` printed it (text, --json or --markdown)',
    load: async () => (await import('./commands/show.js')).showCommand,
  },
  drift: {
    positionals: '[stacks..]',
    describe: 'Check whether the clusters still match their stacks (read-only; for cron)',
    load: async () => (await import('./commands/drift.js')).driftCommand,
  },
  status: {
    positionals: '[stacks..]',
    describe: "Show each cluster's leader, raft peers, autopilot health and network areas",
    load: async () => (await import('./commands/status.js')).statusCommand,
  },
  sim: {
    positionals: '',
    describe: 'Run the Consul and Nomad operator API simulators on 127.0.0.1 (for trying opstack out)',
    load: async () => (await import('./commands/sim.js')).simCommand,
  },
};

export function findCommand(name: string | undefined): CommandEntry | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
