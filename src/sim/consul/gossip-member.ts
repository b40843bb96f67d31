/**
 * One gossip pool member's keyring and how it answers keyring queries
 * (consul-operator-api.md §4.4): serf's internal query handlers (SF serf/internal_query.go)
 * on top of memberlist's Keyring (ML keyring.go: AddKey / UseKey / RemoveKey, primary first).
 */
import { createHash } from 'node:crypto';
import { goBase64StdDecode, goBase64StdEncode } from './go-base64.js';

export type KeyringOp = 'list' | 'install' | 'use' | 'remove';
export const KEYRING_OPS: readonly KeyringOp[] = ['list', 'install', 'use', 'remove'];

export type MemberChange = Exclude<KeyringOp, 'list'>;

/** One deterministic 32-byte key shared by every datacenter unless `gossip.keys` says otherwise. */
export const DEFAULT_GOSSIP_KEY = createHash('sha256').update('opstack simulator gossip key').digest('base64');
export const DEFAULT_NODE_FAILURE = 'simulated failure';

export interface GossipNode {
  readonly name: string;
  /** Canonical base64 (as serf re-encodes them), primary first; null = encryption off. */
  keys: string[] | null;
  readonly failures: Map<KeyringOp, string>;
  /** Due time of this node's last queued change: keeps a node's changes in request order. */
  lastDue: number;
}

/** A configured key as memberlist would accept it at start-up (`encrypt has invalid key`, §7.2). */
export function canonicalKey(dc: string, key: string): string {
  let raw: Buffer;
  try {
    raw = goBase64StdDecode(key);
  } catch (e) {
    throw new Error(`simulator: datacenter ${dc}: gossip key ${JSON.stringify(key)}: ${(e as Error).message}`);
  }
  if (![16, 24, 32].includes(raw.length)) {
    throw new Error(
      `simulator: datacenter ${dc}: gossip key ${JSON.stringify(key)}: key size must be 16, 24 or 32 bytes`,
    );
  }
  return goBase64StdEncode(raw);
}

/** The member's answer (SF internal_query.go handlers, ML keyring.go): a failure message or undefined. */
export function memberAnswer(node: GossipNode, op: KeyringOp, key: string, size: number): string | undefined {
  const injected = node.failures.get(op);
  if (injected !== undefined) return injected;
  if (node.keys === null) {
    return op === 'list'
      ? 'Keyring is empty (encryption not enabled)'
      : 'No keyring to modify (encryption not enabled)';
  }
  if (op === 'install')
    return size === 16 || size === 24 || size === 32 ? undefined : 'key size must be 16, 24 or 32 bytes';
  if (op === 'use') return node.keys.includes(key) ? undefined : 'Requested key is not in the keyring';
  if (op === 'remove') return node.keys[0] === key ? 'Removing the primary key is not allowed' : undefined;
  return undefined;
}

/** memberlist Keyring.AddKey / UseKey / RemoveKey (installKeys keeps the primary first). */
export function applyChange(keys: string[], op: MemberChange, key: string): string[] {
  if (op === 'install') return keys.includes(key) ? keys : [...keys, key];
  if (op === 'use') return keys.includes(key) ? [key, ...keys.filter((k) => k !== key)] : keys;
  return keys[0] === key ? keys : keys.filter((k) => k !== key);
}
