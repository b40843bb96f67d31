/**
 * The simulated Consul federation behind one HTTP address: several datacenters
 * (the agent's own is the first one, §2.6) sharing one ACL configuration, their gossip
 * keyrings (§4.4) and, in the Enterprise edition, their network areas (§4.8).
 */
import { RaftTiming, type RaftTimingOptions } from '../raft-timing.js';
import { ConsulAcl, type SimAclSpec } from './acl.js';
import { AreaStore } from './area-model.js';
import { ConsulDatacenter, type SimDatacenterSpec } from './datacenter.js';
import { GossipModel } from './gossip.js';

export type ConsulEdition = 'ce' | 'enterprise';

export interface ConsulClusterOptions {
  edition?: ConsulEdition;
  keyringPropagationMs?: number;
  /** How long health lists a removed peer (observed §5); see `DEFAULT_REMOVED_PRUNE_MS`. */
  removedPeerPruneMs?: number;
  timing?: RaftTimingOptions;
}

export class ConsulCluster {
  readonly datacenters = new Map<string, ConsulDatacenter>();
  readonly defaultDc: string;
  readonly acl: ConsulAcl;
  readonly edition: ConsulEdition;
  readonly gossip: GossipModel;
  readonly areas = new AreaStore();

  constructor(specs: SimDatacenterSpec[] | undefined, acl: SimAclSpec | undefined, options: ConsulClusterOptions = {}) {
    const list = specs && specs.length > 0 ? specs : [{ name: 'dc1' }];
    const timing = new RaftTiming(options.timing);
    list.forEach((spec, i) => {
      if (this.datacenters.has(spec.name)) throw new Error(`duplicate datacenter ${spec.name}`);
      this.datacenters.set(spec.name, new ConsulDatacenter(spec.name, i, spec, timing, options.removedPeerPruneMs));
    });
    this.defaultDc = list[0]!.name;
    this.acl = new ConsulAcl(acl);
    this.edition = options.edition ?? 'ce';
    this.gossip = new GossipModel(
      list.map((spec) => [this.datacenters.get(spec.name)!, spec.gossip] as const),
      options.keyringPropagationMs ?? 0,
    );
  }

  /** For the control API: unknown names are a test bug, so throw. */
  dc(name: string): ConsulDatacenter {
    const dc = this.datacenters.get(name);
    if (dc === undefined) throw new Error(`simulator: no datacenter named ${JSON.stringify(name)}`);
    return dc;
  }

  /** Stops background timers (pending keyring propagation). */
  close(): void {
    this.gossip.close();
  }
}
