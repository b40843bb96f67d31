import { randomUUID } from 'node:crypto';
import type { Argv } from 'yargs';
import type { CliIo } from '../io.js';

interface SimArgs {
  readonly port: number;
  readonly datacenters: string[];
  readonly acl: boolean;
}

/** Starts the simulator for people to try opstack against; runs until interrupted. */
export function simCommand(io: CliIo, _setExit: (code: number) => void) {
  return {
    command: 'sim',
    describe: 'Run the Consul operator API simulator on 127.0.0.1 (for trying opstack out)',
    builder: (yargs: Argv) =>
      yargs
        .option('port', { type: 'number', default: 0, describe: 'Port to listen on (0 picks a free one)' })
        .option('datacenters', { type: 'string', array: true, default: ['dc1', 'dc2'], describe: 'Datacenters behind the one address' })
        .option('acl', { type: 'boolean', default: false, describe: 'Turn ACLs on and print a token with operator:write' })
        .example('$0 sim --port 8500', 'Serve dc1 and dc2 on 127.0.0.1:8500')
        .example('$0 sim --acl', 'Require a token, as a production cluster does'),
    handler: async (args: SimArgs) => {
      // A token for the simulator only: it guards nothing real, and printing it is the point.
      const token = args.acl ? randomUUID() : undefined;
      // Loaded here so that no other command pays for loading the simulator.
      const { startSimulator } = await import('../../sim/index.js');
      const sim = await startSimulator({
        port: args.port,
        datacenters: args.datacenters.map((name) => ({ name })),
        ...(token ? { acl: { enabled: true, tokens: [{ secret: token, permissions: ['operator:write', 'keyring:write'] }] } } : {}),
      });
      io.stdout(`Simulator listening on ${sim.url} (datacenters ${args.datacenters.join(', ')}).\n`);
      io.stdout(`  export CONSUL_HTTP_ADDR=${sim.address}\n`);
      if (token) io.stdout(`  export CONSUL_HTTP_TOKEN=${token}\n`);
      io.stdout('Press Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => {
        const stop = () => void sim.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  };
}
