/**
 * Where a gossip key comes from. Stacks hold only references; opstack reads the key when it
 * plans and again when it applies, and shows it only as a fingerprint.
 */
export interface KeyReference {
  readonly source: 'env' | 'file';
  /** The variable name, or the file path. */
  readonly name: string;
}

/** A declared key: its reference and the fingerprint of what the reference held at plan time. */
export interface DeclaredKey {
  readonly reference: KeyReference;
  readonly fingerprint: string;
}

/**
 * One gossip pool as the keyring list reports it, keys replaced by their fingerprints: each of
 * Consul's pools (`GET /v1/operator/keyring`, consul-operator-api.md §4.4), or Nomad's one pool
 * of every region's servers (`/v1/agent/keyring/list`, nomad-operator-api.md §3.8).
 */
export interface KeyringPool {
  /** `WAN` or `<dc> LAN`, plus ` [segment: x]` / ` [partition: x]` where present. */
  readonly name: string;
  readonly numNodes: number;
  /** fingerprint → number of nodes that have the key. */
  readonly keys: Readonly<Record<string, number>>;
  /** fingerprint → number of nodes whose primary key it is; null where the product does not report it (Nomad). */
  readonly primaryKeys: Readonly<Record<string, number>> | null;
  /** node → message, for nodes that reported a problem. */
  readonly messages: Readonly<Record<string, string>>;
}
