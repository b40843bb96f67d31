import type { Construct } from 'constructs';
import { type PropNames, rejectUnknownProps } from './known-props.js';
import { OpstackResource } from './opstack-resource.js';

/** Where a gossip key is read from when opstack runs. The key itself never enters the stack. */
export interface GossipKeySource {
  /** An environment variable holding the base64 key (e.g. from your CI's secret store). */
  readonly env?: string;
  /** A file holding the base64 key (e.g. written by Vault Agent). */
  readonly file?: string;
}

/** Helpers that read well in a stack: `GossipKey.fromEnv('CONSUL_GOSSIP_KEY')`. */
export const GossipKey = {
  fromEnv: (variable: string): GossipKeySource => ({ env: variable }),
  fromFile: (path: string): GossipKeySource => ({ file: path }),
};

const SOURCE_PROPS: PropNames<GossipKeySource> = { env: true, file: true };

export interface ConsulGossipKeyringProps {
  /** The keys every node must hold, primary first. Keys not listed are removed after rotation. */
  readonly keys: readonly GossipKeySource[];
  /** Consul's `relay-factor` (0–5) for install, use and remove. */
  readonly relayFactor?: number;
  /** The datacenter whose agent receives the requests (default: the provider's). */
  readonly datacenter?: string;
}

/**
 * The gossip encryption keyring of a Consul datacenter, managed by opstack with a gated
 * rotation: install → wait until every node has the keys → use → wait → remove.
 *
 * Synthesises `opstack_consul_gossip_keyring`, a resource only opstack reads (Terraform has no
 * keyring resource), holding key references, never keys.
 */
export class ConsulGossipKeyring extends OpstackResource {
  static readonly tfResourceType = 'opstack_consul_gossip_keyring';

  constructor(scope: Construct, id: string, props: ConsulGossipKeyringProps) {
    super(scope, id, ConsulGossipKeyring.tfResourceType, () => ({
      keys: keyAttributes(props.keys),
      relay_factor: props.relayFactor,
      datacenter: props.datacenter,
    }));
    rejectUnknownProps(this, props, {
      keys: true,
      relayFactor: true,
      datacenter: true,
    } satisfies PropNames<ConsulGossipKeyringProps>);
    rejectUnknownKeySourceProps(this, props.keys);
  }
}

/** Records an error for each key reference with a property other than `env` or `file`. */
export function rejectUnknownKeySourceProps(construct: Construct, keys: readonly GossipKeySource[]): void {
  keys.forEach((key, i) => rejectUnknownProps(construct, key, SOURCE_PROPS, `keys[${i}].`));
}

/** The synthesised form of key references: `{ env }` or `{ file }`, nothing else. */
export function keyAttributes(keys: readonly GossipKeySource[]): Record<string, string>[] {
  return keys.map((k) => ({
    ...(k.env !== undefined ? { env: k.env } : {}),
    ...(k.file !== undefined ? { file: k.file } : {}),
  }));
}
