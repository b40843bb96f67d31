export { ConsulAutopilotConfig, type ConsulAutopilotConfigProps } from './consul-autopilot-config.js';
export {
  ConsulGossipKeyring,
  type ConsulGossipKeyringProps,
  GossipKey,
  type GossipKeySource,
} from './consul-gossip-keyring.js';
export { ConsulNetworkArea } from './consul-network-area.js';
export { ConsulNetworkAreaOwnership, type ConsulNetworkAreaOwnershipProps } from './consul-network-area-ownership.js';
export { NomadAutopilotConfig, type NomadAutopilotConfigProps } from './nomad-autopilot-config.js';
export {
  type NomadPreemptionConfig,
  NomadSchedulerConfig,
  type NomadSchedulerConfigProps,
} from './nomad-scheduler-config.js';
export { NomadGossipKeyring, type NomadGossipKeyringProps } from './nomad-gossip-keyring.js';
export { NomadProvider, type NomadProviderProps } from './nomad-provider.js';
export { type RaftPeerRef, RaftPeersAbsent, type RaftPeersAbsentProps } from './raft-peers-absent.js';
