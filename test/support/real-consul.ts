import { freePort, startAgent } from './real-agent.js';

/** A `consul agent -dev` on loopback ports (consul-operator-api.md §7), for the contract tests. */
export interface RealConsul {
  readonly address: string;
  readonly datacenter: string;
  stop(): Promise<void>;
}

export interface RealConsulOptions {
  /** Gossip encryption with this key (variant A, §7.2). */
  readonly encrypt?: string;
  /** ACLs on, default deny, with this management secret, also the agent's own token (variant B, §7.3). */
  readonly managementToken?: string;
}

/** Starts the binary named by OPSTACK_CONSUL_BIN with distinct ports and only what the tests need (§7.2). */
export async function startRealConsul(
  binary: string,
  { encrypt, managementToken }: RealConsulOptions = {},
): Promise<RealConsul> {
  const [http, server, lan, wan] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const args = [
    'agent',
    '-dev',
    '-bind=127.0.0.1',
    '-client=127.0.0.1',
    `-http-port=${http}`,
    `-server-port=${server}`,
    `-serf-lan-port=${lan}`,
    `-serf-wan-port=${wan}`, // a WAN pool, as the simulator's servers have by default
    '-dns-port=-1',
    '-grpc-port=-1',
    '-grpc-tls-port=-1',
    '-node=opstack-contract',
    ...(encrypt ? [`-encrypt=${encrypt}`] : []),
    ...(managementToken
      ? [
          '-hcl',
          `acl { enabled = true\n default_policy = "deny"\n ` +
            `tokens { initial_management = "${managementToken}"\n agent = "${managementToken}" } }`,
        ]
      : []),
  ];
  const address = `127.0.0.1:${http}`;
  // §7.4: with ACLs, the autopilot configuration answers 403 until the leader has made the token.
  const headers: Record<string, string> = managementToken ? { 'X-Consul-Token': managementToken } : {};
  return { address, datacenter: 'dc1', stop: await startAgent(binary, args, `http://${address}`, { headers }) };
}
