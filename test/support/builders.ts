// Fixture builders for planner and renderer tests.
import type { ConsulAutopilotLive, ConsulAutopilotSettings } from '../../src/model/autopilot.js';
import type { DesiredConsulAutopilot, DesiredConsulKeyring, LiveConsulAutopilot } from '../../src/model/resources.js';
import type { DesiredStack } from '../../src/model/stack.js';
import { CONSUL_AUTOPILOT_DEFAULTS } from '../../src/import/server-defaults.js';

export function liveAutopilot(overrides: Partial<ConsulAutopilotLive> = {}): LiveConsulAutopilot {
  return {
    type: 'consul_autopilot_config',
    config: {
      ...CONSUL_AUTOPILOT_DEFAULTS,
      CreateIndex: 5,
      ModifyIndex: 17,
      ...overrides,
    },
    servers: null,
  };
}

export function desiredAutopilot(declared: Partial<ConsulAutopilotSettings>, stack = 'dc1'): DesiredConsulAutopilot {
  return {
    stack,
    type: 'consul_autopilot_config',
    name: 'autopilot',
    constructPath: `${stack}/autopilot`,
    datacenter: stack,
    declared,
  };
}

export function desiredStack(declared: Partial<ConsulAutopilotSettings>, stack = 'dc1'): DesiredStack {
  return {
    name: stack,
    target: { product: 'consul', address: '127.0.0.1:8500', datacenter: stack },
    resources: [desiredAutopilot(declared, stack)],
  };
}

/** A keyring of dc1 declaring these fingerprints, primary first, each behind env KEY_<i>. */
export function desiredKeyring(...fingerprints: string[]): DesiredConsulKeyring {
  return {
    stack: 'dc1',
    type: 'opstack_consul_gossip_keyring',
    name: 'keyring',
    constructPath: 'dc1/keyring',
    datacenter: 'dc1',
    keys: fingerprints.map((f, i) => ({ fingerprint: f, reference: { source: 'env', name: `KEY_${i}` } })),
  };
}
