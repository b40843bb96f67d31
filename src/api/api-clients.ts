import type { Agent } from 'node:http';
import type { Target } from '../model/target.js';
import { type ClientOptions, ApiClient, createAgent, DEFAULT_CLIENT_OPTIONS } from './api-client.js';
import type { Environment } from './connection.js';
import { resolveConsulConnection } from './consul-connection.js';
import { resolveNomadConnection } from './nomad-connection.js';

/**
 * Builds clients for targets, sharing one connection pool per address and TLS setup so 200
 * stacks against one agent reuse their sockets. Close it when the command is done, or the
 * pools keep the process alive.
 */
export class ApiClients {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly env: Environment,
    private readonly options: ClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {}

  for(target: Target): ApiClient {
    const connection = target.product === 'consul' ? resolveConsulConnection(target, this.env) : resolveNomadConnection(target, this.env);
    const key = JSON.stringify([connection.baseUrl, connection.tls]);
    let agent = this.agents.get(key);
    if (!agent) {
      agent = createAgent(connection);
      this.agents.set(key, agent);
    }
    return new ApiClient(connection, agent, this.options);
  }

  /** Closes idle keep-alive sockets, which would otherwise hold the process open. */
  close(): Promise<void> {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    return Promise.resolve();
  }
}
