import { freePort, startAgent } from './real-agent.js';

/** A `consul agent -dev` on loopback ports (consul-operator-api.md §7), for the contract tests. */
export interface RealConsul {
  readonly address: string;
  readonly datacenter: string;
  stop(): Promise<void>;
}

/**
 * Starts the binary named by OPSTACK_CONSUL_BIN with distinct ports and only what the tests need (§7.2);
 * `encrypt` turns gossip encryption on with that key (variant A, §7.2).
 */
export async function startRealConsul(binary: string, encrypt?: string): Promise<RealConsul> {
  const [http, server, lan] = [await freePort(), await freePort(), await freePort()];
  const args = [
    'agent',
    '-dev',
    '-bind=127.0.0.1',
    '-client=127.0.0.1',
    `-http-port=${http}`,
    `-server-port=${server}`,
    `-serf-lan-port=${lan}`,
    '-serf-wan-port=-1',
    '-dns-port=-1',
    '-grpc-port=-1',
    '-grpc-tls-port=-1',
    '-node=opstack-contract',
    ...(encrypt ? [`-encrypt=${encrypt}`] : []),
  ];
  const address = `127.0.0.1:${http}`;
  return { address, datacenter: 'dc1', stop: await startAgent(binary, args, `http://${address}`) };
}
