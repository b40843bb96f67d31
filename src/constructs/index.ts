export { ConsulAutopilotConfig, type ConsulAutopilotConfigProps } from './consul-autopilot-config.js';
export { ConsulGossipKeyring, type ConsulGossipKeyringProps, GossipKey, type GossipKeySource } from './consul-gossip-keyring.js';
export { ConsulNetworkAreaOwnership, type ConsulNetworkAreaOwnershipProps } from './consul-network-area-ownership.js';
