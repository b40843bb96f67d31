/**
 * The route tables this simulator serves (consul-operator-api.md §1). In CE, paths not
 * listed here — including the Enterprise `/v1/operator/area*`, `/segment` and
 * `/license` paths (§4.8) — fall through to the `Index` 404; the Enterprise edition
 * adds the network-area routes only. The session and KV routes serve the apply lock.
 */
import { agentMembersRoute } from './agent-members.js';
import { areaRoutes } from './area.js';
import { autopilotConfigurationRoute } from './autopilot-config.js';
import { autopilotHealthRoute } from './autopilot-health.js';
import { autopilotStateRoute } from './autopilot-state.js';
import type { ConsulEdition } from './cluster.js';
import { keyringRoute } from './keyring.js';
import { kvRoute } from './kv.js';
import { raftConfigurationRoute, raftPeerRoute } from './raft.js';
import { sessionRoutes } from './session.js';
import { statusLeaderRoute } from './status.js';
import type { ConsulRoute } from './transport.js';

export const consulCeRoutes: readonly ConsulRoute[] = [
  raftConfigurationRoute,
  raftPeerRoute,
  keyringRoute,
  autopilotConfigurationRoute,
  autopilotHealthRoute,
  autopilotStateRoute,
  statusLeaderRoute,
  // What `consul members` reads, and opstack when a keyring wait times out.
  agentMembersRoute,
  // What opstack's apply lock needs: sessions and the KV lock (not operator endpoints).
  ...sessionRoutes,
  kvRoute,
];

export function consulRoutes(edition: ConsulEdition): readonly ConsulRoute[] {
  return edition === 'enterprise' ? [...consulCeRoutes, ...areaRoutes] : consulCeRoutes;
}
