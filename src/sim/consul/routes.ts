/**
 * The Consul CE route table this simulator serves (consul-operator-api.md §1).
 * Paths not listed here — including the Enterprise `/v1/operator/area*`,
 * `/segment` and `/license` paths (§4.8) — fall through to the `Index` 404.
 */
import { autopilotConfigurationRoute } from './autopilot-config.js';
import { autopilotHealthRoute, autopilotStateRoute } from './autopilot-health.js';
import { raftConfigurationRoute, raftPeerRoute } from './raft.js';
import { statusLeaderRoute } from './status.js';
import type { ConsulRoute } from './transport.js';

export const consulCeRoutes: readonly ConsulRoute[] = [
  raftConfigurationRoute,
  raftPeerRoute,
  autopilotConfigurationRoute,
  autopilotHealthRoute,
  autopilotStateRoute,
  statusLeaderRoute,
];
