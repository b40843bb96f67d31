import type { ConsulAutopilotLive, ConsulAutopilotSettings } from './autopilot.js';
import type { DeclaredKey, KeyringPool } from './keyring.js';

/** Terraform resource types opstack manages. */
export type ResourceType = 'consul_autopilot_config' | 'opstack_consul_gossip_keyring';

/** Identity of a declared resource: `<stack>/<type>.<name>`, e.g. `dc1/consul_autopilot_config.autopilot`. */
export interface ResourceRef {
  readonly stack: string;
  readonly type: ResourceType;
  /** The logical id in the synthesised JSON. */
  readonly name: string;
  /** The construct path, to point users back at their code. */
  readonly constructPath: string;
  /** The datacenter its requests name. */
  readonly datacenter: string;
}

/** A declared autopilot configuration: only the fields the stack sets are managed. */
export interface DesiredConsulAutopilot extends ResourceRef {
  readonly type: 'consul_autopilot_config';
  readonly declared: Readonly<Partial<ConsulAutopilotSettings>>;
}

/** A declared gossip keyring: exactly these keys, the first one primary. */
export interface DesiredConsulKeyring extends ResourceRef {
  readonly type: 'opstack_consul_gossip_keyring';
  /** Primary first; at least one. */
  readonly keys: readonly DeclaredKey[];
  /** `?relay-factor` for writes (0–5), when declared. */
  readonly relayFactor?: number;
}

export type DesiredResource = DesiredConsulAutopilot | DesiredConsulKeyring;

/** What a read found for a resource. */
export interface LiveConsulAutopilot {
  readonly type: 'consul_autopilot_config';
  readonly config: Readonly<ConsulAutopilotLive>;
}

/** The keyring as every pool reports it, keys as fingerprints. */
export interface LiveConsulKeyring {
  readonly type: 'opstack_consul_gossip_keyring';
  readonly pools: readonly KeyringPool[];
}

export type LiveResource = LiveConsulAutopilot | LiveConsulKeyring;

export function resourceAddress(ref: Pick<ResourceRef, 'stack' | 'type' | 'name'>): string {
  return `${ref.stack}/${ref.type}.${ref.name}`;
}
