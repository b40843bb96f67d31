import { randomUUID } from 'node:crypto';
import type { Argv } from 'yargs';
import { controlOf, type RunIo } from '../io.js';

interface SimArgs {
  readonly port: number;
  readonly datacenters: string[];
  readonly acl: boolean;
  readonly enterprise: boolean;
  readonly nomadRegion: string;
}

/** Starts the simulators for people to try opstack against; runs until interrupted. */
export function simCommand(io: RunIo, _setExit: (code: number) => void) {
  return {
    builder: (yargs: Argv) =>
      yargs
        .option('port', {
          type: 'number',
          default: 0,
          describe: 'Port of the Consul simulator (0 picks a free one; Nomad always gets a free one)',
        })
        .option('datacenters', {
          type: 'string',
          requiresArg: true,
          array: true,
          default: ['dc1', 'dc2'],
          describe: 'Consul datacenters behind the one address',
        })
        .option('enterprise', {
          type: 'boolean',
          default: false,
          describe: 'Answer like Consul Enterprise (network areas)',
        })
        .option('nomad-region', {
          type: 'string',
          requiresArg: true,
          default: 'eu',
          describe: 'The Nomad region (five servers, the fifth one dead, as in stacks/main.ts)',
        })
        .option('acl', {
          type: 'boolean',
          default: false,
          describe: 'Turn ACLs on and print tokens that may do everything',
        })
        .example('$0 --port 8500', 'Serve dc1 and dc2 on 127.0.0.1:8500, and a Nomad region eu')
        .example('$0 --acl --enterprise', 'Require tokens, and serve network areas'),
    handler: async (args: SimArgs) => {
      // Loaded here so that no other command pays for loading the simulators.
      const [{ startSimulator }, { startNomadSimulator }] = await Promise.all([
        import('../../sim/index.js'),
        import('../../sim/nomad/index.js'),
      ]);
      // Tokens for the simulators only: they guard nothing real, and printing them is the point.
      const token = args.acl ? randomUUID() : undefined;
      const consul = await startSimulator({
        port: args.port,
        edition: args.enterprise ? 'enterprise' : 'ce',
        datacenters: args.datacenters.map((name) => ({ name })),
        ...(token ? { acl: { enabled: true, tokens: [{ secret: token, permissions: ['management'] }] } } : {}),
      });
      const nomad = await startNomadSimulator({
        regions: [{ name: args.nomadRegion, servers: 5 }],
        ...(token ? { acl: { enabled: true, tokens: [{ secret: token, type: 'management' }] } } : {}),
      });
      nomad.region(args.nomadRegion).setServerHealth('server-5', { status: 'failed' });
      io.stdout(
        `Consul simulator (${args.enterprise ? 'Enterprise' : 'CE'}, ` +
          `datacenters ${args.datacenters.join(', ')}) on ${consul.url}\n`,
      );
      io.stdout(`Nomad simulator (region ${args.nomadRegion}, server-5 dead) on ${nomad.url}\n\n`);
      io.stdout(`  export CONSUL_HTTP_ADDR=${consul.address} NOMAD_ADDR=${nomad.url}\n`);
      if (token) io.stdout(`  export CONSUL_HTTP_TOKEN=${token} NOMAD_TOKEN=${token}\n`);
      io.stdout('\nPress Ctrl-C to stop.\n');
      await controlOf(io).untilSignal();
      await Promise.all([consul.close(), nomad.close()]);
    },
  };
}
