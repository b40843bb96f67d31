import type { Agent } from 'node:http';
import type { ConsulTarget } from '../model/target.js';
import { type ClientOptions, ConsulClient, createAgent, DEFAULT_CLIENT_OPTIONS } from './consul-client.js';
import { type Environment, resolveConsulConnection } from './consul-connection.js';

/**
 * Builds clients for targets, sharing one connection pool per address and TLS setup so 200
 * stacks against one agent reuse their sockets. Close it when the command is done, or the
 * pools keep the process alive.
 */
export class ConsulClients {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly env: Environment,
    private readonly options: ClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {}

  for(target: ConsulTarget): ConsulClient {
    const connection = resolveConsulConnection(target, this.env);
    const key = JSON.stringify([connection.baseUrl, connection.tls]);
    let agent = this.agents.get(key);
    if (!agent) {
      agent = createAgent(connection);
      this.agents.set(key, agent);
    }
    return new ConsulClient(connection, agent, this.options);
  }

  /** Closes idle keep-alive sockets, which would otherwise hold the process open. */
  close(): Promise<void> {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    return Promise.resolve();
  }
}
