/**
 * The gossip keyrings behind /v1/operator/keyring (consul-operator-api.md §4.4): every
 * member of every gossip pool holds its own memberlist keyring (ML keyring.go: a list of
 * keys, primary first). Pools: the WAN pool (servers of every WAN-joined datacenter,
 * named `<node>.<dc>`, U:agent/consul/server_serf.go:91) and one LAN pool per
 * datacenter (its servers plus client agents); a server's LAN and WAN keyrings are
 * separate, as in Consul (local.keyring / remote.keyring).
 *
 * A pool operation is a serf query (SF serf/keymanager.go): the key is base64-decoded
 * once on the originating server (failure short-circuits the pool), then every *alive*
 * member answers (memberlist NumMembers skips dead/left members, so a failed server is
 * neither counted nor changed). Members answer against their keyring as it is at
 * request time; the change itself reaches each member after the propagation delay
 * (a simulator knob, default 0), staggered so member i of n applies at delay*(i+1)/n.
 * A queued change that became invalid by the time it applies is dropped silently.
 */
import { goBase64StdDecode, goBase64StdEncode } from './go-base64.js';
import type { ConsulDatacenter, ConsulServer, SerfStatus } from './datacenter.js';
import {
  DEFAULT_GOSSIP_KEY,
  DEFAULT_NODE_FAILURE,
  KEYRING_OPS,
  applyChange,
  canonicalKey,
  memberAnswer,
  type GossipNode,
  type KeyringOp,
  type MemberChange,
} from './gossip-member.js';

export { DEFAULT_GOSSIP_KEY, DEFAULT_NODE_FAILURE, KEYRING_OPS, type KeyringOp } from './gossip-member.js';

export interface SimGossipSpec {
  /** Default true (`-encrypt` given). */
  encrypted?: boolean;
  /** Base64 keys, the first is primary; default `[DEFAULT_GOSSIP_KEY]`. */
  keys?: string[];
  /** Client agents in the LAN pool, named `<dc>-client-<i>`; default 0. */
  clients?: number;
  /** Default true: the servers join the WAN pool (false = `ports.serf_wan = -1`, §7.2). */
  wan?: boolean;
}

interface DcGossip {
  readonly dc: ConsulDatacenter;
  readonly wan: boolean;
  readonly initialKeys: string[] | null;
  readonly lan: Map<string, GossipNode>; // by server id
  readonly wanNodes: Map<string, GossipNode>; // by server id
  readonly clients: GossipNode[];
  /** Serf status of the clients that are not alive, by name. */
  readonly clientStatus: Map<string, SerfStatus>;
}

/** One serf member of a pool, whatever its status (memberlist keeps failed and left members). */
export interface SerfMemberView {
  /** The pool's member name: `<node>` in a LAN pool, `<node>.<dc>` in the WAN pool. */
  readonly name: string;
  readonly datacenter: string;
  /** Position of the datacenter in the configuration (its servers' addresses are `127.0.<position>.<n>`). */
  readonly dcIndex: number;
  readonly status: SerfStatus;
  /** The datacenter's servers are in the WAN pool (`ports.serf_wan` not -1). */
  readonly wanJoined: boolean;
  /** Set for a server; a client agent has none. */
  readonly server?: ConsulServer;
  /** 1-based number of a client agent. */
  readonly client?: number;
}

interface Pending {
  due: number;
  seq: number;
  node: GossipNode;
  op: MemberChange;
  key: string;
}

/** A serf KeyResponse plus the pool it came from (becomes one KeyringResponse). */
export interface PoolResponse {
  wan: boolean;
  datacenter: string;
  keys: Map<string, number>;
  primaryKeys: Map<string, number>;
  numNodes: number;
  messages: Map<string, string>;
  error: string;
}

/** What `sim.consul(dc).keyring()` returns per pool. */
export interface SimKeyringPool {
  wan: boolean;
  datacenter: string;
  nodes: { name: string; keys: string[]; primary: string | null }[];
}

const clock = (): number => performance.now();

export class GossipModel {
  private readonly dcs: DcGossip[] = [];
  private queue: Pending[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private propagationMs: number;
  /** Extra delay of one member's changes (`Infinity`: they never land on their own). */
  private readonly lag = new Map<GossipNode, number>();
  /** Servers that died recently and are still counted by the WAN pool (observed-real-servers.md §3). */
  private recentDeaths: { until: number; answerDelayMs: number }[] = [];

  constructor(datacenters: ReadonlyArray<readonly [ConsulDatacenter, SimGossipSpec | undefined]>, propagationMs = 0) {
    this.propagationMs = GossipModel.checkDelay(propagationMs);
    for (const [dc, spec] of datacenters) {
      const encrypted = spec?.encrypted ?? true;
      const configured = (spec?.keys ?? [DEFAULT_GOSSIP_KEY]).map((k) => canonicalKey(dc.name, k));
      if (encrypted && configured.length === 0)
        throw new Error(`simulator: datacenter ${dc.name}: gossip.keys is empty`);
      const clients = spec?.clients ?? 0;
      if (!Number.isInteger(clients) || clients < 0)
        throw new Error(`simulator: datacenter ${dc.name}: gossip.clients must be an integer ≥ 0`);
      const g: DcGossip = {
        dc,
        wan: spec?.wan ?? true,
        initialKeys: encrypted ? [...new Set(configured)] : null,
        lan: new Map(),
        wanNodes: new Map(),
        clients: [],
        clientStatus: new Map(),
      };
      for (let i = 1; i <= clients; i++) {
        const name = `${dc.name}-client-${i}`;
        if (dc.servers.some((s) => s.name === name))
          throw new Error(`simulator: client name ${name} clashes with a server`);
        g.clients.push(this.newNode(g, name));
      }
      this.dcs.push(g);
    }
  }

  private static checkDelay(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`simulator: keyring propagation must be a number ≥ 0, got ${ms}`);
    return ms;
  }

  /** Applies to later writes; changes already queued keep their due times. */
  setPropagation(ms: number): void {
    this.propagationMs = GossipModel.checkDelay(ms);
  }

  private newNode(g: DcGossip, name: string): GossipNode {
    return { name, keys: g.initialKeys && [...g.initialKeys], failures: new Map(), lastDue: 0 };
  }

  private serverNode(g: DcGossip, s: ConsulServer, wan: boolean): GossipNode {
    const map = wan ? g.wanNodes : g.lan;
    let node = map.get(s.id);
    if (node === undefined) {
      node = this.newNode(g, wan ? `${s.name}.${g.dc.name}` : s.name);
      map.set(s.id, node);
    }
    return node;
  }

  private gossip(dcName: string): DcGossip {
    const g = this.dcs.find((d) => d.dc.name === dcName);
    if (g === undefined) throw new Error(`simulator: no datacenter named ${JSON.stringify(dcName)}`);
    return g;
  }

  /** Alive members of a pool, in a stable order (servers in raft order, then clients). */
  private lanMembers(g: DcGossip): GossipNode[] {
    const servers = g.dc
      .serfServers()
      .filter((s) => s.serfStatus === 'alive')
      .map((s) => this.serverNode(g, s, false));
    return [...servers, ...g.clients.filter((c) => !g.clientStatus.has(c.name))];
  }

  private wanMembers(): GossipNode[] {
    return this.dcs
      .filter((g) => g.wan)
      .flatMap((g) =>
        g.dc
          .serfServers()
          .filter((s) => s.serfStatus === 'alive')
          .map((s) => this.serverNode(g, s, true)),
      );
  }

  /**
   * `Internal.KeyringOperation` on a server of the agent's (first) datacenter
   * (U:agent/consul/internal_endpoint.go): local-only or no WAN pool → this DC's LAN pool
   * only; otherwise WAN, this DC's LAN, then each remote WAN-joined DC's LAN pool.
   */
  operate(op: KeyringOp, key: string, localOnly: boolean): PoolResponse[] {
    this.flush();
    const own = this.dcs[0]!;
    const fanOut = !localOnly && own.wan;
    const out: PoolResponse[] = [];
    try {
      if (fanOut) out.push(this.runPool(this.wanMembers(), op, key, true, own.dc.name));
      out.push(this.runPool(this.lanMembers(own), op, key, false, own.dc.name));
      if (fanOut) {
        for (const g of this.dcs.slice(1).filter((d) => d.wan)) {
          // forwardDC needs a reachable server there (U:agent/consul/rpc.go:852-854).
          if (!g.dc.serfServers().some((s) => s.serfStatus === 'alive'))
            throw new Error('Remote DC has no server currently reachable');
          out.push(this.runPool(this.lanMembers(g), op, key, false, g.dc.name));
        }
      }
    } finally {
      this.flush(); // a zero delay applies at once
    }
    return out;
  }

  private runPool(members: GossipNode[], op: KeyringOp, key: string, wan: boolean, datacenter: string): PoolResponse {
    const r: PoolResponse = {
      wan,
      datacenter,
      keys: new Map(),
      primaryKeys: new Map(),
      numNodes: 0,
      messages: new Map(),
      error: '',
    };
    let raw: Buffer;
    try {
      raw = goBase64StdDecode(op === 'list' ? '' : key);
    } catch (e) {
      r.error = (e as Error).message;
      return r;
    }
    const canonical = goBase64StdEncode(raw);
    const n = members.length;
    r.numNodes = n;
    const now = clock();
    let numErr = 0;
    members.forEach((node, i) => {
      const message = memberAnswer(node, op, canonical, raw.length);
      if (message !== undefined) {
        r.messages.set(node.name, message);
        numErr++;
      } else if (op === 'list') {
        for (const k of node.keys ?? []) r.keys.set(k, (r.keys.get(k) ?? 0) + 1);
        const primary = node.keys?.[0];
        if (primary !== undefined) r.primaryKeys.set(primary, (r.primaryKeys.get(primary) ?? 0) + 1);
      } else {
        const due = Math.max(now + (this.propagationMs * (i + 1)) / n + (this.lag.get(node) ?? 0), node.lastDue);
        node.lastDue = due;
        this.queue.push({ due, seq: this.seq++, node, op, key: canonical });
      }
    });
    if (numErr > 0) r.error = `${numErr}/${n} nodes reported failure`;
    return r;
  }

  /** Every queued change lands now, in order, as if its delay had passed. */
  propagateNow(): void {
    const now = clock();
    for (const pending of this.queue) pending.due = Math.min(pending.due, now);
    for (const pending of this.queue) pending.node.lastDue = 0;
    this.flush();
  }

  /** Applies every queued change that is due, in order, and re-arms the timer. */
  flush(): void {
    if (this.queue.length === 0) return;
    this.queue.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const now = clock();
    let i = 0;
    for (; i < this.queue.length && this.queue[i]!.due <= now; i++) {
      const p = this.queue[i]!;
      if (p.node.keys !== null) p.node.keys = applyChange(p.node.keys, p.op, p.key);
    }
    if (i > 0) this.queue = this.queue.slice(i);
    this.arm();
  }

  /** One unref'd timer for the next due change, so state also advances between requests. */
  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.queue.length === 0 || !Number.isFinite(this.queue[0]!.due)) return;
    const wait = Math.max(0, Math.ceil(this.queue[0]!.due - clock()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait).unref();
  }

  /** The pools of one datacenter as its nodes hold them now (WAN entry: only this DC's servers). */
  keyring(dcName: string): SimKeyringPool[] {
    this.flush();
    const g = this.gossip(dcName);
    const view = (node: GossipNode) => ({
      name: node.name,
      keys: [...(node.keys ?? [])],
      primary: node.keys?.[0] ?? null,
    });
    const pools: SimKeyringPool[] = [];
    if (g.wan)
      pools.push({
        wan: true,
        datacenter: g.dc.name,
        nodes: g.dc.serfServers().map((s) => view(this.serverNode(g, s, true))),
      });
    const lan = [...g.dc.serfServers().map((s) => this.serverNode(g, s, false)), ...g.clients];
    pools.push({ wan: false, datacenter: g.dc.name, nodes: lan.map(view) });
    return pools;
  }

  /** `name` is a pool member name: a LAN name (`dc1-server-1`, `dc1-client-3`) or a WAN name (`dc1-server-1.dc1`). */
  setNodeFailure(dcName: string, name: string, op: KeyringOp, message: string | null | undefined): void {
    if (!KEYRING_OPS.includes(op))
      throw new Error(`simulator: keyring op must be one of ${KEYRING_OPS.join(', ')}, got ${JSON.stringify(op)}`);
    const node = this.member(dcName, name);
    if (message === null) node.failures.delete(op);
    else node.failures.set(op, message ?? DEFAULT_NODE_FAILURE);
  }

  /**
   * One member's changes land `ms` after the others would (`Infinity`: never on their own); it still
   * answers at once, so it counts but lacks the change. `null` clears it and lands what is queued.
   */
  setNodeLag(dcName: string, name: string, ms: number | null): void {
    const node = this.member(dcName, name);
    if (ms === null) {
      this.clearLag(node);
      this.flush();
      return;
    }
    if (Number.isNaN(ms) || ms < 0) throw new Error(`simulator: keyring lag must be a number ≥ 0, got ${ms}`);
    this.lag.set(node, ms);
  }

  private clearLag(node: GossipNode): void {
    this.lag.delete(node);
    for (const pending of this.queue) if (pending.node === node) pending.due = Math.min(pending.due, clock());
    node.lastDue = 0;
  }

  /** A client agent's serf status; one that is not alive is neither counted nor changed (§4.4). */
  setClientStatus(dcName: string, name: string, status: SerfStatus): void {
    const g = this.gossip(dcName);
    if (!g.clients.some((c) => c.name === name))
      throw new Error(`simulator: no client agent ${JSON.stringify(name)} in ${dcName}`);
    if (status === 'alive') g.clientStatus.delete(name);
    else g.clientStatus.set(name, status);
  }

  /**
   * The serf members of the agent's LAN pool (its servers, removed ones included, then its clients)
   * or of the WAN pool (every WAN-joined datacenter's servers); `null` for the WAN pool of an agent
   * without one (U:agent/consul/server.go:1557-1562). Serf keeps them in a map; this order is stable.
   */
  serfMembers(wan: boolean): SerfMemberView[] | null {
    const own = this.dcs[0]!;
    if (wan && !own.wan) return null;
    const view = (g: DcGossip, s: ConsulServer): SerfMemberView => ({
      name: wan ? `${s.name}.${g.dc.name}` : s.name,
      datacenter: g.dc.name,
      dcIndex: this.dcs.indexOf(g),
      status: s.serfStatus,
      wanJoined: g.wan,
      server: s,
    });
    if (wan) return this.dcs.filter((g) => g.wan).flatMap((g) => g.dc.serfServers().map((s) => view(g, s)));
    return [
      ...own.dc.serfServers().map((s) => view(own, s)),
      ...own.clients.map((c, i) => ({
        name: c.name,
        datacenter: own.dc.name,
        dcIndex: 0,
        status: own.clientStatus.get(c.name) ?? 'alive',
        wanJoined: own.wan,
        client: i + 1,
      })),
    ];
  }

  private member(dcName: string, name: string): GossipNode {
    const g = this.gossip(dcName);
    const nodes = [
      ...g.dc.serfServers().map((s) => this.serverNode(g, s, false)),
      ...g.clients,
      ...(g.wan ? g.dc.serfServers().map((s) => this.serverNode(g, s, true)) : []),
    ];
    const node = nodes.find((x) => x.name === name);
    if (node === undefined) throw new Error(`simulator: no gossip member ${JSON.stringify(name)} in ${dcName}`);
    return node;
  }

  /**
   * A server of the agent's WAN pool just died: until `forMs` from now, a keyring list answers,
   * after `answerDelayMs`, 500 `1 error occurred: * WAN error: 2/3 nodes reported success`
   * (observed-real-servers.md §3: 25–45 s, ~8 s per answer; the dead member still counted).
   */
  markRecentlyDied(forMs: number, answerDelayMs: number): void {
    this.recentDeaths.push({ until: clock() + forMs, answerDelayMs });
  }

  /** While a recent death is still counted: how long a list takes and the multierror it fails with. */
  unansweredList(): { delayMs: number; error: string } | undefined {
    const now = clock();
    this.recentDeaths = this.recentDeaths.filter((d) => d.until > now);
    if (this.recentDeaths.length === 0) return undefined;
    const alive = this.wanMembers().length;
    const total = alive + this.recentDeaths.length;
    return {
      delayMs: Math.max(...this.recentDeaths.map((d) => d.answerDelayMs)),
      error: `WAN error: ${alive}/${total} nodes reported success`,
    };
  }

  clearNodeFailures(): void {
    this.recentDeaths = [];
    for (const node of [...this.lag.keys()]) this.clearLag(node);
    this.flush();
    for (const g of this.dcs) {
      for (const node of [...g.lan.values(), ...g.wanNodes.values(), ...g.clients]) node.failures.clear();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
