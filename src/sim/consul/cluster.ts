/**
 * The simulated Consul federation behind one HTTP address: several datacenters
 * (the agent's own is the first one, §2.6) sharing one ACL configuration.
 */
import { ConsulAcl, type SimAclSpec } from './acl.js';
import { ConsulDatacenter, type SimDatacenterSpec } from './datacenter.js';

export class ConsulCluster {
  readonly datacenters = new Map<string, ConsulDatacenter>();
  readonly defaultDc: string;
  readonly acl: ConsulAcl;

  constructor(specs: SimDatacenterSpec[] | undefined, acl: SimAclSpec | undefined) {
    const list = specs && specs.length > 0 ? specs : [{ name: 'dc1' }];
    list.forEach((spec, i) => {
      if (this.datacenters.has(spec.name)) throw new Error(`duplicate datacenter ${spec.name}`);
      this.datacenters.set(spec.name, new ConsulDatacenter(spec.name, i, spec));
    });
    this.defaultDc = list[0]!.name;
    this.acl = new ConsulAcl(acl);
  }

  /** For the control API: unknown names are a test bug, so throw. */
  dc(name: string): ConsulDatacenter {
    const dc = this.datacenters.get(name);
    if (dc === undefined) throw new Error(`simulator: no datacenter named ${JSON.stringify(name)}`);
    return dc;
  }
}
