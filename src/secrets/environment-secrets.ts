import { readFileSync } from 'node:fs';
import type { Environment } from '../api/connection.js';
import type { Redactor } from '../util/redactor.js';

/**
 * Registers every credential the environment hands opstack (prior-art.md §6.1, §6.2): the Consul
 * token, the contents of CONSUL_HTTP_TOKEN_FILE, CONSUL_HTTP_AUTH (and its password alone), and
 * NOMAD_TOKEN. Done once at start, so that no text printed later can carry one.
 */
export function registerEnvironmentSecrets(env: Environment, redactor: Redactor): void {
  for (const name of ['CONSUL_HTTP_TOKEN', 'NOMAD_TOKEN', 'CONSUL_HTTP_AUTH'] as const) {
    const value = env[name];
    if (value) redactor.addToken(value);
  }
  const password = env.CONSUL_HTTP_AUTH?.split(':').slice(1).join(':');
  if (password) redactor.addToken(password);
  const file = env.CONSUL_HTTP_TOKEN_FILE;
  if (!file) return;
  try {
    redactor.addToken(readFileSync(file, 'utf8'));
  } catch {
    // Unreadable: resolving the connection reports it, and nothing of it can leak.
  }
}
