import type { ConsulAutopilotSettings, NomadAutopilotSettings } from '../model/autopilot.js';
import type { ConsulArea } from '../model/resources.js';

/**
 * What `opstack import` read from one cluster, checked and ready to be written as a stack. Holds
 * no secret: gossip keys are fingerprints here.
 */
export type ImportedStack = ImportedConsulDatacenter | ImportedNomadRegion;

export interface ImportedConsulDatacenter {
  readonly product: 'consul';
  /** The stack's name (and construct id): the datacenter, made unique among the imported stacks. */
  readonly name: string;
  /** The base URL the requests went to, `<scheme>://<host:port>`. */
  readonly address: string;
  readonly datacenter: string;
  readonly autopilot: ConsulAutopilotSettings;
  /** Null on Consul CE, which has no network areas. Sorted by peer. */
  readonly areas: readonly ConsulArea[] | null;
  readonly keyring: ImportedKeyring;
}

/**
 * The gossip keyring as the agent reported it: its keys (fingerprints, primary first), or why the
 * stack declares none (encryption is off; another stack at the same agent declares it).
 */
export type ImportedKeyring =
  | {
      readonly kind: 'keys';
      readonly keys: readonly ImportedKey[];
      readonly nodes: number;
      readonly pools: readonly string[];
    }
  | { readonly kind: 'encryption-disabled' }
  | { readonly kind: 'declared-by'; readonly stack: string };

export interface ImportedKey {
  readonly fingerprint: string;
  /** Nodes, over every pool, that hold it / use it as their primary key. */
  readonly installed: number;
  readonly primary: number;
  /** The environment variable the stack reads it from (to be set by the user). */
  readonly variable: string;
}

export interface ImportedNomadRegion {
  readonly product: 'nomad';
  readonly name: string;
  readonly address: string;
  /** Absent when neither --region nor NOMAD_REGION named one: the agent's own region. */
  readonly region?: string;
  readonly autopilot: NomadAutopilotSettings;
}
