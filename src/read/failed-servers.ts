import type { ApiClient } from '../api/api-client.js';
import { OpstackError } from '../model/errors.js';
import { readServerHealth } from './raft-and-health.js';

/**
 * The servers of a datacenter that autopilot health reports failed or left (consul-operator-api.md
 * §4.6): a keyring query counts only alive members (§4.4), so these are the nodes a rotation
 * cannot reach. One extra GET for a keyring stack. A token limited to `keyring:*` may not read
 * health (it needs `operator:read`); then the answer is null, "unknown", and the plan says so.
 * Read `?stale`: any server's view of serf status will do, and a keyring plan (which needs no
 * leader) must not wait out the no-leader hold; without a leader that view is empty → unknown.
 */
export async function readFailedServers(client: ApiClient, datacenter: string): Promise<string[] | null> {
  try {
    const servers = await readServerHealth(client, { dc: datacenter, stale: '' });
    if (servers.length === 0) return null;
    return servers
      .filter((s) => s.SerfStatus === 'failed' || s.SerfStatus === 'left')
      .map((s) => s.Name)
      .sort();
  } catch (error) {
    if (error instanceof OpstackError && error.code === 'AclDenied') return null;
    throw error;
  }
}
