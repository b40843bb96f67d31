export { ConsulAutopilotConfig, type ConsulAutopilotConfigProps } from './consul-autopilot-config.js';
export { ConsulGossipKeyring, type ConsulGossipKeyringProps, GossipKey, type GossipKeySource } from './consul-gossip-keyring.js';
