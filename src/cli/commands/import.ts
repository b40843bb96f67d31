import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { resolveConnection } from '../../api/api-clients.js';
import { importedSource } from '../../import/imported-source.js';
import type { ImportedStack } from '../../import/imported-cluster.js';
import { IMPORTABLE_NAME, readImported } from '../../import/read-imported.js';
import { OpstackError } from '../../model/errors.js';
import type { Target } from '../../model/target.js';
import { EXIT } from '../exit-codes.js';
import type { RunIo } from '../io.js';
import { clientOptionsFor, type ConnectionOptions, withConnectionOptions } from '../options.js';
import { withClients } from '../pipeline.js';

interface ImportArgs extends ConnectionOptions {
  readonly out: string;
  readonly consulAddr?: readonly string[];
  readonly datacenter?: readonly string[];
  readonly nomadAddr?: readonly string[];
  readonly region?: readonly string[];
}

const repeatable = (describe: string) =>
  ({ type: 'string', array: true, requiresArg: true, describe, group: 'Clusters:' }) as const;

/** Reads the clusters named on the command line (or by the environment) and writes a stack file declaring them. */
export function importCommand(io: RunIo, setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      withConnectionOptions(yargs)
        .option(
          'consul-addr',
          repeatable('A Consul agent (default CONSUL_HTTP_ADDR); one for every --datacenter, or one for all'),
        )
        .option('datacenter', repeatable('A Consul datacenter to import (repeat for more)'))
        .option('nomad-addr', repeatable('A Nomad agent (default NOMAD_ADDR); one for every --region, or one for all'))
        .option('region', repeatable("A Nomad region to import (default NOMAD_REGION, else the agent's own)"))
        .option('out', {
          type: 'string',
          requiresArg: true,
          default: 'stacks/imported.ts',
          describe: 'The stack file to write; never overwritten',
        })
        .example('$0 --datacenter dc1', 'Import Consul datacenter dc1 from CONSUL_HTTP_ADDR into stacks/imported.ts')
        .example(
          '$0 --consul-addr 10.0.0.1:8500 --datacenter dc1 --datacenter dc2 --nomad-addr http://10.0.0.2:4646',
          'Two datacenters behind one agent, and a Nomad region',
        ),
    handler: async (args: ImportArgs) => {
      const targets = importTargets(args, io);
      clientOptionsFor(args, io); // flags are checked before any request
      for (const target of targets) resolveConnection(target, io.env);
      const out = resolve(io.cwd, args.out);
      const shownOut = relative(io.cwd, out);
      // Refused before any request, and again by the exclusive write (the file may appear meanwhile).
      if (await exists(out)) throw overwriteError(shownOut);
      const stacks = await withClients(args, io, (clients) => readImported(targets, clients, io.env));
      const appCommand = `npx tsx ${shownOut}`;
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, importedSource(stacks, { appCommand }), { flag: 'wx' }).catch(
        (error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? overwriteError(shownOut) : error;
        },
      );
      io.stdout(summary(stacks, shownOut, appCommand));
      setExit(EXIT.ok);
    },
  };
}

/**
 * The clusters to read, pairing addresses with datacenters (and regions) as given: one address
 * for each, or one for all, or none (the environment's). Names are checked before any request.
 */
export function importTargets(args: ImportArgs, io: RunIo): Target[] {
  const datacenters = args.datacenter ?? [];
  // Flags name the clusters; without any, NOMAD_ADDR does. The environment always supplies the defaults.
  const named = [args.consulAddr, args.datacenter, args.nomadAddr, args.region].some((flag) => flag !== undefined);
  const nomadAddresses = args.nomadAddr ?? (!named && io.env.NOMAD_ADDR ? [io.env.NOMAD_ADDR] : []);
  const regions = args.region ?? (nomadAddresses.length === 1 && io.env.NOMAD_REGION ? [io.env.NOMAD_REGION] : []);
  for (const [flag, names] of [
    ['--datacenter', datacenters],
    ['--region', regions],
  ] as const) {
    const bad = names.find((name) => !IMPORTABLE_NAME.test(name));
    if (bad !== undefined)
      throw new OpstackError(
        'InvalidConfig',
        `${flag} ${JSON.stringify(bad.slice(0, 64))} is not a ${flag.slice(2)} name: use letters, digits, - and _.`,
        'Nothing was read.',
      );
  }
  const consul = paired(args.consulAddr ?? [], datacenters, '--consul-addr', '--datacenter', false);
  const nomad = paired(nomadAddresses, regions, '--nomad-addr', '--region', true);
  const targets: Target[] = [
    ...consul.map(([address, datacenter]) => ({
      product: 'consul' as const,
      datacenter: datacenter!,
      ...(address ? { address } : {}),
    })),
    ...nomad.map(([address, region]) => ({
      product: 'nomad' as const,
      ...(address ? { address } : {}),
      ...(region ? { region } : {}),
    })),
  ];
  if (targets.length === 0) {
    throw new OpstackError(
      'InvalidConfig',
      'Name the clusters to import: nothing was read.',
      'Use --datacenter dc1 (at CONSUL_HTTP_ADDR, or --consul-addr), ' +
        'and --nomad-addr or --region for Nomad (or set NOMAD_ADDR).',
    );
  }
  return targets;
}

/**
 * Addresses matched to names: as many of each, or one address for every name, or no address
 * (the environment's) for every name. A Nomad address may come without a region (the agent's own).
 */
function paired(
  addresses: readonly string[],
  names: readonly string[],
  addressFlag: string,
  nameFlag: string,
  nameOptional: boolean,
): [string | undefined, string | undefined][] {
  if (names.length === 0) {
    if (addresses.length === 0) return [];
    if (nameOptional) return addresses.map((address) => [address, undefined]);
    throw new OpstackError(
      'InvalidConfig',
      `${addressFlag} needs a ${nameFlag} to say which datacenter to import. Nothing was read.`,
      `Add ${nameFlag} <name> for each one.`,
    );
  }
  if (addresses.length === names.length) return names.map((name, i) => [addresses[i], name]);
  if (addresses.length <= 1) return names.map((name) => [addresses[0], name]);
  throw new OpstackError(
    'InvalidConfig',
    `${addresses.length} ${addressFlag} for ${names.length} ${nameFlag}: ` +
      'give one address for each, or one for all. Nothing was read.',
    `e.g. ${addressFlag} A ${nameFlag} x ${addressFlag} B ${nameFlag} y.`,
  );
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

function overwriteError(path: string): OpstackError {
  return new OpstackError(
    'WouldOverwrite',
    `${path} exists already; opstack import never overwrites a file. Nothing was read.`,
    'Give another file with --out, or move that one away first.',
  );
}

/** What was written, the variables to set, and the check to run next. */
function summary(stacks: readonly ImportedStack[], out: string, appCommand: string): string {
  const keys = stacks.flatMap((s) => (s.product === 'consul' && s.keyring.kind === 'keys' ? s.keyring.keys : []));
  const lines = [`Imported ${plural(stacks.length, 'stack')} into ${out}: ${stacks.map((s) => s.name).join(', ')}.`];
  if (keys.length > 0) {
    lines.push('', 'Before planning, set each gossip key variable to the key with this fingerprint:');
    lines.push(...keys.map((key) => `  ${key.variable}  ${key.fingerprint}${key.primary > 0 ? ' (primary)' : ''}`));
  }
  lines.push('', `Then check it: opstack plan --app '${appCommand}'   (it should print "No changes")`);
  return `${lines.join('\n')}\n`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
