export { ConsulAutopilotConfig, type ConsulAutopilotConfigProps } from './consul-autopilot-config.js';
