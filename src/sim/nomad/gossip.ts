/**
 * Nomad's gossip keyring behind /v1/agent/keyring/* (nomad-operator-api.md §3.8): a Nomad
 * server has one serf pool, joined by the servers of every federated region (clients are not
 * in it), and the HTTP handler runs serf's KeyManager on it — so one operation reaches every
 * server of every region, whatever `?region=` says. Each member holds its own memberlist
 * keyring (primary first); the per-member rules are serf's, shared with the Consul double
 * (../consul/gossip-member.ts).
 *
 * An operation is a serf query: the key is base64-decoded once (a bad key is the 500 decoder
 * error), then every *alive* member answers (failed/left servers are neither counted nor
 * changed) and applies the change before answering, so a 200 means every counted member has
 * it. Any failing member makes the whole answer `<n>/<m> nodes reported failure` (500), the
 * per-node messages lost (SF:serf/keymanager.go:136-142); the members that succeeded keep
 * the change.
 */
import { goBase64StdDecode, goBase64StdEncode } from '../consul/go-base64.js';
import {
  DEFAULT_GOSSIP_KEY,
  DEFAULT_NODE_FAILURE,
  KEYRING_OPS,
  applyChange,
  canonicalKey,
  memberAnswer,
  type GossipNode,
  type KeyringOp,
} from '../consul/gossip-member.js';
import type { NomadRegion } from './region.js';

export { DEFAULT_GOSSIP_KEY, KEYRING_OPS, type KeyringOp } from '../consul/gossip-member.js';

export interface NomadGossipSpec {
  /** Default true (`server { encrypt = … }` set on every server). */
  encrypted?: boolean;
  /** Base64 keys, the first is primary; default `[DEFAULT_GOSSIP_KEY]`. */
  keys?: string[];
}

/** `structs.KeyringResponse` before encoding: Messages, Keys (base64 → count), NumNodes. */
export interface NomadKeyResponse {
  messages: Map<string, string>;
  keys: Map<string, number>;
  numNodes: number;
}

/** What `sim.gossipKeyring()` returns: each server's keyring, primary first. */
export interface SimNomadGossipNode {
  name: string;
  keys: string[];
  primary: string | null;
}

export class NomadGossip {
  private readonly nodes = new Map<string, GossipNode>(); // by server id
  private readonly initialKeys: string[] | null;
  /** Servers that are briefly out of the pool when the next change goes out (restarted), then back. */
  private readonly missNext = new Set<GossipNode>();

  constructor(
    private readonly regions: () => Iterable<NomadRegion>,
    spec: NomadGossipSpec = {},
  ) {
    const encrypted = spec.encrypted ?? true;
    const configured = (spec.keys ?? [DEFAULT_GOSSIP_KEY]).map((k) => canonicalKey('(nomad)', k));
    if (encrypted && configured.length === 0) throw new Error('simulator: gossip.keys is empty');
    this.initialKeys = encrypted ? [...new Set(configured)] : null;
  }

  /** Every server of every region in region then raft order, with its serf name and status. */
  private members(): { node: GossipNode; alive: boolean }[] {
    return [...this.regions()].flatMap((region) =>
      region.servers.map((s) => {
        let node = this.nodes.get(s.id);
        if (node === undefined) {
          node = {
            name: region.serfName(s),
            keys: this.initialKeys && [...this.initialKeys],
            failures: new Map(),
            lastDue: 0,
          };
          this.nodes.set(s.id, node);
        }
        return { node, alive: s.status === 'alive' };
      }),
    );
  }

  /** KeyManager's ListKeys / InstallKey / UseKey / RemoveKey over the alive members. */
  operate(op: KeyringOp, key: string): NomadKeyResponse {
    const raw = goBase64StdDecode(op === 'list' ? '' : key); // throws Go's decoder text (→ 500)
    const canonical = goBase64StdEncode(raw);
    const restarting = op === 'list' ? new Set<GossipNode>() : new Set(this.missNext);
    if (op !== 'list') this.missNext.clear();
    const alive = this.members()
      .filter((m) => m.alive && !restarting.has(m.node))
      .map((m) => m.node);
    const response: NomadKeyResponse = { messages: new Map(), keys: new Map(), numNodes: alive.length };
    let failures = 0;
    for (const node of alive) {
      const message = memberAnswer(node, op, canonical, raw.length);
      if (message !== undefined) {
        response.messages.set(node.name, message);
        failures++;
      } else if (op === 'list') {
        for (const k of node.keys ?? []) response.keys.set(k, (response.keys.get(k) ?? 0) + 1);
      } else if (node.keys !== null) {
        node.keys = applyChange(node.keys, op, canonical);
      }
    }
    if (failures > 0) throw new Error(`${failures}/${alive.length} nodes reported failure`);
    return response;
  }

  /** Every server's keyring now, alive or not. */
  keyring(): SimNomadGossipNode[] {
    return this.members().map(({ node }) => ({
      name: node.name,
      keys: [...(node.keys ?? [])],
      primary: node.keys?.[0] ?? null,
    }));
  }

  /** `name` is the serf name `<node>.<region>`; `null` clears, undefined sets the default message. */
  setNodeFailure(name: string, op: KeyringOp, message: string | null | undefined): void {
    if (!KEYRING_OPS.includes(op))
      throw new Error(`simulator: keyring op must be one of ${KEYRING_OPS.join(', ')}, got ${JSON.stringify(op)}`);
    const member = this.members().find((m) => m.node.name === name);
    if (member === undefined) throw new Error(`simulator: no Nomad server ${JSON.stringify(name)} in the gossip pool`);
    if (message === null) member.node.failures.delete(op);
    else member.node.failures.set(op, message ?? DEFAULT_NODE_FAILURE);
  }

  /** A server that missed changes (e.g. restored from an old snapshot) holds exactly these keys. */
  setNodeKeys(name: string, keys: string[]): void {
    const member = this.members().find((m) => m.node.name === name);
    if (member === undefined) throw new Error(`simulator: no Nomad server ${JSON.stringify(name)} in the gossip pool`);
    member.node.keys = keys.map((k) => canonicalKey(name, k));
  }

  /**
   * The server is out of the pool for the next install/use/remove only, as one restarting while the
   * change goes out: not counted and not changed by it, alive again afterwards without the change.
   */
  missNextChange(name: string): void {
    const member = this.members().find((m) => m.node.name === name);
    if (member === undefined) throw new Error(`simulator: no Nomad server ${JSON.stringify(name)} in the gossip pool`);
    this.missNext.add(member.node);
  }

  clearNodeFailures(): void {
    this.missNext.clear();
    for (const node of this.nodes.values()) node.failures.clear();
  }
}
