/**
 * Consul Enterprise network areas, per datacenter (consul-operator-api.md §4.8). Only
 * the client-side shapes are documented (U:api/operator_area.go); the server rules
 * here follow the Enterprise docs (seed "Network Areas": one area per peer datacenter,
 * never with itself) and every error text is UNCONFIRMED. Areas live in the
 * datacenter's raft state, so each write commits a raft entry.
 */
import { uuidFrom } from '../uuid.js';
import type { ConsulDatacenter } from './datacenter.js';

export interface StoredArea {
  id: string;
  peerDatacenter: string;
  /** null when the request omitted it (Go nil slice → JSON null). */
  retryJoin: string[] | null;
  useTls: boolean;
}

export type AreaInput = Omit<StoredArea, 'id'>;

export class AreaStore {
  private readonly byDc = new Map<string, Map<string, StoredArea>>();
  /** Raft index of the latest area write per datacenter (the reads' X-Consul-Index). */
  private readonly index = new Map<string, number>();
  private created = 0;

  private table(dc: string): Map<string, StoredArea> {
    let t = this.byDc.get(dc);
    if (t === undefined) {
      t = new Map();
      this.byDc.set(dc, t);
    }
    return t;
  }

  /** memdb iterates the ID index, so lists come back sorted by ID. */
  list(dc: string): StoredArea[] {
    return [...this.table(dc).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((a) => ({ ...a }));
  }

  get(dc: string, id: string): StoredArea | undefined {
    const a = this.table(dc).get(id);
    return a && { ...a };
  }

  /** Unknown ID on update/delete/join/members: 500 (UNCONFIRMED text). */
  require(dc: string, id: string): StoredArea {
    const a = this.get(dc, id);
    if (a === undefined) throw new Error(`area ${JSON.stringify(id)} not found`);
    return a;
  }

  tableIndex(dc: string): number {
    return this.index.get(dc) ?? 1; // setIndex never reports 0
  }

  /** Creates an area and returns its ID (a UUID, deterministic here for reproducible tests). */
  create(dc: ConsulDatacenter, input: AreaInput): string {
    // Both rules come from the Enterprise docs; the texts are UNCONFIRMED.
    if (input.peerDatacenter === dc.name) {
      throw new Error(`cannot create an area with the local datacenter ${JSON.stringify(dc.name)}`);
    }
    const t = this.table(dc.name);
    if ([...t.values()].some((a) => a.peerDatacenter === input.peerDatacenter)) {
      throw new Error(`an area with peer datacenter ${JSON.stringify(input.peerDatacenter)} already exists`);
    }
    this.created += 1;
    const id = uuidFrom(`area:${dc.name}:${this.created}`);
    t.set(id, { id, ...copyInput(input) });
    this.index.set(dc.name, dc.commit());
    return id;
  }

  /** Replaces RetryJoin and UseTLS; the caller has checked that the peer is unchanged. */
  update(dc: ConsulDatacenter, id: string, input: AreaInput): void {
    const existing = this.require(dc.name, id);
    this.table(dc.name).set(id, { ...existing, ...copyInput(input) });
    this.index.set(dc.name, dc.commit());
  }

  delete(dc: ConsulDatacenter, id: string): void {
    this.require(dc.name, id);
    this.table(dc.name).delete(id);
    this.index.set(dc.name, dc.commit());
  }
}

function copyInput(input: AreaInput): AreaInput {
  return {
    peerDatacenter: input.peerDatacenter,
    retryJoin: input.retryJoin && [...input.retryJoin],
    useTls: input.useTls,
  };
}
