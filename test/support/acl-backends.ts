// Contract backends with ACLs on: the simulator given a token per spec, and a real agent whose
// tokens are made from the specs' policies with its management token, as an operator would.
import { randomUUID } from 'node:crypto';
import { DEFAULT_GOSSIP_KEY, startSimulator } from '../../src/sim/index.js';
import { type NomadCapability, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { type Backends, type ConsulBackend, type NomadBackend, withRealAgent } from './contract-backends.js';
import { startRealConsul } from './real-consul.js';
import { startRealNomad } from './real-nomad.js';

/** A token a test asks for by name: what the simulator grants it, and the same as a policy's rules. */
export interface TokenSpec<Permission> {
  readonly name: string;
  readonly simulator: Permission[];
  readonly rules: string;
}

export interface WithTokens {
  /** The secret of the token made for the spec of that name. */
  token(name: string): string;
}

/** The secrets the simulator is given: fixed UUIDs, one per spec. */
function simulatorSecrets(tokens: readonly TokenSpec<unknown>[]): WithTokens & { secret(i: number): string } {
  const secret = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return { secret, token: (name) => secret(tokens.findIndex((t) => t.name === name)) };
}

/** Makes every token on a started real agent; stops it if that fails (a failing beforeAll has no afterAll). */
async function madeTokens<T extends { stop(): Promise<void> }>(
  agent: T,
  tokens: readonly TokenSpec<unknown>[],
  make: (spec: TokenSpec<unknown>) => Promise<string>,
): Promise<T & WithTokens> {
  const secrets = new Map<string, string>();
  try {
    for (const spec of tokens) secrets.set(spec.name, await make(spec));
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return { ...agent, token: (name) => secrets.get(name)! };
}

/** `method path` with the management token; the answer parsed (a Nomad policy write answers nothing). */
async function asManagement(url: string, header: string, secret: string, method: string, path: string, body: object) {
  const answer = await fetch(`${url}${path}`, { method, headers: { [header]: secret }, body: JSON.stringify(body) });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as { SecretID?: string };
}

/** One Nomad server with ACLs on (§8 ACL bootstrap) and a client token per spec, made from its policy. */
export function nomadAclBackends(tokens: readonly TokenSpec<NomadCapability>[]): Backends<NomadBackend & WithTokens> {
  return withRealAgent(
    'Nomad',
    'OPSTACK_NOMAD_BIN',
    async () => {
      const secrets = simulatorSecrets(tokens);
      const specs = tokens.map((t, i) => ({
        secret: secrets.secret(i),
        type: 'client' as const,
        capabilities: t.simulator,
      }));
      const sim = await startNomadSimulator({
        regions: [{ name: 'global', servers: 1 }],
        acl: { enabled: true, tokens: specs },
      });
      return { url: sim.url, region: 'global', stop: () => sim.close(), token: secrets.token };
    },
    async (binary) => {
      const management = randomUUID();
      const agent = await startRealNomad(binary, { encrypt: DEFAULT_GOSSIP_KEY, managementToken: management });
      const post = (path: string, body: object) =>
        asManagement(agent.url, 'X-Nomad-Token', management, 'POST', path, body);
      return madeTokens(agent, tokens, async ({ name, rules }) => {
        await post(`/v1/acl/policy/${name}`, { Name: name, Rules: rules });
        return (await post('/v1/acl/token', { Name: name, Type: 'client', Policies: [name] })).SecretID!;
      });
    },
  );
}

/** A `consul agent -dev` with ACLs on, default deny (§7.3), and a token per spec, made from its policy. */
export function consulAclBackends(tokens: readonly TokenSpec<string>[]): Backends<ConsulBackend & WithTokens> {
  return withRealAgent(
    'Consul',
    'OPSTACK_CONSUL_BIN',
    async () => {
      const secrets = simulatorSecrets(tokens);
      const specs = tokens.map((t, i) => ({ secret: secrets.secret(i), permissions: t.simulator }));
      const sim = await startSimulator({
        datacenters: [{ name: 'dc1', servers: [{ name: 'opstack-contract' }] }],
        acl: { enabled: true, tokens: specs },
      });
      return { address: sim.address, datacenter: 'dc1', stop: () => sim.close(), token: secrets.token };
    },
    async (binary) => {
      const management = randomUUID();
      const agent = await startRealConsul(binary, { encrypt: DEFAULT_GOSSIP_KEY, managementToken: management });
      const put = (path: string, body: object) =>
        asManagement(`http://${agent.address}`, 'X-Consul-Token', management, 'PUT', path, body);
      return madeTokens(agent, tokens, async ({ name, rules }) => {
        await put('/v1/acl/policy', { Name: name, Rules: rules });
        return (await put('/v1/acl/token', { Description: name, Policies: [{ Name: name }] })).SecretID!;
      });
    },
  );
}
