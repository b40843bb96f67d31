import type { RequestScope } from '../model/target.js';

/** Everything needed to talk to one Consul datacenter or Nomad region. Holds the token: never print it. */
export interface ApiConnection {
  readonly product: 'consul' | 'nomad';
  /** `http(s)://host:port`, without a trailing slash. */
  readonly baseUrl: string;
  /** Named on every request: Consul's `?dc=`, Nomad's `?region=` (absent: the agent's own region). */
  readonly scope?: RequestScope;
  readonly token?: string;
  readonly tokenHeader: 'x-consul-token' | 'x-nomad-token';
  /** `Basic …` for a proxy in front of the agent (CONSUL_HTTP_AUTH / NOMAD_HTTP_AUTH); never shown. */
  readonly authorization?: string;
  readonly tls: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly serverName?: string;
    readonly verify: boolean;
  };
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** How messages name the cluster: `Consul at http://… (datacenter "dc1")`. Never includes the token. */
export function describeConnection(connection: ApiConnection): string {
  const product = connection.product === 'consul' ? 'Consul' : 'Nomad';
  const scope = connection.scope
    ? ` (${connection.scope.param === 'dc' ? 'datacenter' : 'region'} ${JSON.stringify(connection.scope.value)})`
    : '';
  return `${product} at ${connection.baseUrl}${scope}`;
}
