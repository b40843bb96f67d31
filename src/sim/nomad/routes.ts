/**
 * The route table (nomad-operator-api.md §1.1 registrations, N:command/agent/http.go):
 * exact routes and subtree routes as Nomad registers them. Real Nomad routes that the
 * simulator does not model (root keyring §3.7, snapshot/license §3.10) answer a loud 501 instead of a misleading 404.
 */
import { AGENT_KEYRING_PREFIX, agentKeyring } from './agent-keyring.js';
import { agentMembers } from './agent-members.js';
import { autopilotConfiguration } from './autopilot.js';
import { autopilotHealth } from './health.js';
import { RAFT_PREFIX, raftSubtree } from './raft.js';
import { schedulerConfiguration } from './scheduler.js';
import { agentHealthRoute, statusLeaderRoute, statusPeersRoute } from './status.js';
import { VAR_PREFIX, variableRoute } from './variables.js';
import { CodedError, type NomadHandler, type NomadRoutes } from './transport.js';

const notSimulated: NomadHandler = async (call) => {
  throw new CodedError(501, `simulator: ${call.path} is not simulated`);
};

export const nomadRoutes: NomadRoutes = {
  exact: new Map<string, NomadHandler>([
    ['/v1/operator/autopilot/configuration', autopilotConfiguration],
    ['/v1/operator/autopilot/health', autopilotHealth],
    ['/v1/status/leader', statusLeaderRoute],
    ['/v1/status/peers', statusPeersRoute],
    ['/v1/agent/health', agentHealthRoute],
    ['/v1/agent/members', agentMembers],
    ['/v1/operator/scheduler/configuration', schedulerConfiguration],
    ['/v1/operator/snapshot', notSimulated],
    ['/v1/operator/license', notSimulated],
  ]),
  subtree: new Map<string, NomadHandler>([
    [RAFT_PREFIX, raftSubtree],
    [VAR_PREFIX, variableRoute], // what opstack's apply lock needs
    ['/v1/operator/keyring/', notSimulated],
    [AGENT_KEYRING_PREFIX, agentKeyring],
  ]),
};
