/**
 * The simulated Nomad federation behind one HTTP address: several regions (the
 * agent's own is the first, `?region=` routes to the others, §1.3) sharing one ACL
 * configuration (tokens treated as global).
 */
import { RaftTiming, type RaftTimingOptions } from '../raft-timing.js';
import { NomadAcl, type NomadAclSpec } from './acl.js';
import { NomadGossip, type NomadGossipSpec } from './gossip.js';
import { NomadRegion, type NomadRegionSpec } from './region.js';

export class NomadCluster {
  readonly regions = new Map<string, NomadRegion>();
  /** The agent's region: what an empty `?region=` means. */
  readonly defaultRegion: string;
  readonly acl: NomadAcl;
  /** The one serf pool of every region's servers (§3.8). */
  readonly gossip: NomadGossip;

  constructor(
    specs: NomadRegionSpec[] | undefined,
    acl: NomadAclSpec | undefined,
    gossip?: NomadGossipSpec,
    timing?: RaftTimingOptions,
  ) {
    const list = specs && specs.length > 0 ? specs : [{ name: 'global' }];
    const clock = new RaftTiming(timing);
    list.forEach((spec, i) => {
      if (this.regions.has(spec.name)) throw new Error(`simulator: duplicate region ${spec.name}`);
      this.regions.set(spec.name, new NomadRegion(spec.name, i, spec, clock));
    });
    this.defaultRegion = list[0]!.name;
    this.acl = new NomadAcl(acl);
    this.gossip = new NomadGossip(() => this.regions.values(), gossip);
  }

  /** For the control API: an unknown name is a test bug, so throw. */
  region(name: string): NomadRegion {
    const r = this.regions.get(name);
    if (r === undefined) throw new Error(`simulator: no region named ${JSON.stringify(name)}`);
    return r;
  }
}
