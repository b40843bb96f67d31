import type { Agent } from 'node:http';
import type { Target } from '../model/target.js';
import { Redactor } from '../util/redactor.js';
import { type ClientOptions, ApiClient, createAgent, DEFAULT_CLIENT_OPTIONS } from './api-client.js';
import type { ApiConnection, Environment } from './connection.js';
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
    /** The run's redactor, shared by every client so that a key one learns is redacted everywhere. */
    private readonly secrets: Redactor = new Redactor(),
  ) {}

  for(target: Target): ApiClient {
    const connection = resolveConnection(target, this.env);
    const key = JSON.stringify([connection.baseUrl, connection.tls]);
    let agent = this.agents.get(key);
    if (!agent) {
      agent = createAgent(connection);
      this.agents.set(key, agent);
    }
    return new ApiClient(connection, agent, this.options, this.secrets);
  }

  /** Closes idle keep-alive sockets, which would otherwise hold the process open. */
  close(): Promise<void> {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    return Promise.resolve();
  }
}

/** How a target is reached, from its provider block and the environment; throws InvalidConfig when it cannot be. */
export function resolveConnection(target: Target, env: Environment): ApiConnection {
  return target.product === 'consul' ? resolveConsulConnection(target, env) : resolveNomadConnection(target, env);
}
