import { readFileSync } from 'node:fs';
import type { Environment } from '../api/connection.js';
import type { Redactor } from '../util/redactor.js';

/**
 * Registers every credential the environment hands opstack (prior-art.md §6.1, §6.2): the Consul
 * token, the contents of CONSUL_HTTP_TOKEN_FILE, NOMAD_TOKEN, and CONSUL_HTTP_AUTH / NOMAD_HTTP_AUTH
 * (whole, and their password alone). Done once at start, so that no text printed later can carry one.
 */
export function registerEnvironmentSecrets(env: Environment, redactor: Redactor): void {
  for (const name of ['CONSUL_HTTP_TOKEN', 'NOMAD_TOKEN'] as const) {
    const value = env[name];
    if (value) redactor.addToken(value);
  }
  for (const name of ['CONSUL_HTTP_AUTH', 'NOMAD_HTTP_AUTH'] as const) {
    const value = env[name];
    if (!value) continue;
    const password = value.split(':').slice(1).join(':');
    // The redactor also registers each one's base64 form, which the Authorization header carries.
    for (const secret of [value, password]) redactor.addToken(secret);
  }
  const file = env.CONSUL_HTTP_TOKEN_FILE;
  if (!file) return;
  try {
    redactor.addToken(readFileSync(file, 'utf8'));
  } catch {
    // Unreadable: resolving the connection reports it, and nothing of it can leak.
  }
}
