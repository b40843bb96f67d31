// The backends a contract test runs against: the simulator always, and the real agent the
// environment names (OPSTACK_CONSUL_BIN, OPSTACK_NOMAD_BIN), skipped with a visible message when it names none.
import { randomUUID } from 'node:crypto';
import { DEFAULT_GOSSIP_KEY, type SimulatorOptions, startSimulator } from '../../src/sim/index.js';
import { type NomadCapability, type NomadSimulatorOptions, startNomadSimulator } from '../../src/sim/nomad/index.js';
import { startRealConsul } from './real-consul.js';
import { startRealNomad } from './real-nomad.js';

type Backends<T> = [string, () => Promise<T>][];

/** The simulator, then the real agent when `variable` names a binary (else the skip message). */
function withRealAgent<T>(
  product: string,
  variable: string,
  simulator: () => Promise<T>,
  real: (bin: string) => Promise<T>,
) {
  const backends: Backends<T> = [['simulator', simulator]];
  const binary = process.env[variable];
  if (binary) backends.push([`real ${product} (${binary})`, () => real(binary)]);
  else
    console.warn(
      `${variable} is not set: the ${product} contract tests against ` +
        'a real agent are SKIPPED (they run against the simulator only).',
    );
  return backends;
}

export interface ConsulBackend {
  readonly address: string;
  readonly datacenter: string;
  stop(): Promise<void>;
}

export interface NomadBackend {
  readonly url: string;
  readonly region: string;
  stop(): Promise<void>;
}

/** [name, start] pairs for `describe.each`; both start with gossip encryption on, with the simulator's default key. */
export function nomadBackends(simulator: NomadSimulatorOptions = {}): Backends<NomadBackend> {
  return withRealAgent(
    'Nomad',
    'OPSTACK_NOMAD_BIN',
    async () => {
      const sim = await startNomadSimulator(simulator);
      return { url: sim.url, region: simulator.regions?.[0]?.name ?? 'global', stop: () => sim.close() };
    },
    (binary) => startRealNomad(binary, { encrypt: DEFAULT_GOSSIP_KEY }),
  );
}

/** The same for Consul: a `consul agent -dev` with `-encrypt` of the simulator's default key. */
export function consulBackends(simulator: SimulatorOptions = {}): Backends<ConsulBackend> {
  return withRealAgent(
    'Consul',
    'OPSTACK_CONSUL_BIN',
    async () => {
      const sim = await startSimulator(simulator);
      return { address: sim.address, datacenter: 'dc1', stop: () => sim.close() };
    },
    (binary) => startRealConsul(binary, DEFAULT_GOSSIP_KEY),
  );
}

/** A token a test asks for by name: what it may do in the simulator, and the same as a Nomad policy. */
export interface NomadTokenSpec {
  readonly name: string;
  readonly capabilities: NomadCapability[];
  readonly rules: string;
}

export interface NomadAclBackend extends NomadBackend {
  /** The secret of the client token made for `tokens[i].name`. */
  token(name: string): string;
}

/** One server with ACLs on and a client token per spec (the real agent's from its policy, made as management). */
export function nomadAclBackends(tokens: readonly NomadTokenSpec[]): Backends<NomadAclBackend> {
  return withRealAgent(
    'Nomad',
    'OPSTACK_NOMAD_BIN',
    async () => {
      const secrets = new Map(tokens.map((t, i) => [t.name, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]));
      const acl = {
        enabled: true,
        tokens: tokens.map((t) => ({
          secret: secrets.get(t.name)!,
          type: 'client' as const,
          capabilities: t.capabilities,
        })),
      };
      const sim = await startNomadSimulator({ regions: [{ name: 'global', servers: 1 }], acl });
      return { url: sim.url, region: 'global', stop: () => sim.close(), token: (name) => secrets.get(name)! };
    },
    async (binary) => {
      const management = randomUUID();
      const agent = await startRealNomad(binary, { encrypt: DEFAULT_GOSSIP_KEY, managementToken: management });
      const secrets = new Map<string, string>();
      try {
        for (const { name, rules } of tokens) secrets.set(name, await clientToken(agent.url, management, name, rules));
      } catch (error) {
        await agent.stop(); // beforeAll failed: no afterAll will
        throw error;
      }
      return { ...agent, token: (name) => secrets.get(name)! };
    },
  );
}

/** `POST /v1/acl/policy/<name>`, then a client token with just that policy: its SecretID. */
async function clientToken(url: string, management: string, name: string, rules: string): Promise<string> {
  const post = async (path: string, body: object) => {
    const answer = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'X-Nomad-Token': management },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (answer.status !== 200) throw new Error(`POST ${path}: ${answer.status} ${text}`);
    return (text === '' ? {} : JSON.parse(text)) as { SecretID?: string }; // a policy write answers nothing
  };
  await post(`/v1/acl/policy/${name}`, { Name: name, Rules: rules });
  return (await post('/v1/acl/token', { Name: name, Type: 'client', Policies: [name] })).SecretID!;
}
