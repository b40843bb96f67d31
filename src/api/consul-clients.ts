import type { Agent } from 'undici';
import type { ConsulTarget } from '../model/target.js';
import { type ClientOptions, ConsulClient, createDispatcher, DEFAULT_CLIENT_OPTIONS } from './consul-client.js';
import { type Environment, resolveConsulConnection } from './consul-connection.js';

/**
 * Builds clients for targets, sharing one connection pool per address and TLS setup so 200
 * stacks against one agent reuse their sockets. Close it when the command is done, or the
 * pools keep the process alive.
 */
export class ConsulClients {
  private readonly dispatchers = new Map<string, Agent>();

  constructor(
    private readonly env: Environment,
    private readonly options: ClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {}

  for(target: ConsulTarget): ConsulClient {
    const connection = resolveConsulConnection(target, this.env);
    const key = JSON.stringify([connection.baseUrl, connection.tls]);
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = createDispatcher(connection, this.options);
      this.dispatchers.set(key, dispatcher);
    }
    return new ConsulClient(connection, dispatcher, this.options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((d) => d.close()));
    this.dispatchers.clear();
  }
}
