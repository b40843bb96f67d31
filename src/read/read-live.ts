import type { ConsulClients } from '../api/consul-clients.js';
import type { OpstackError } from '../model/errors.js';
import { type LiveResource, resourceAddress } from '../model/resources.js';
import type { DesiredStack } from '../model/stack.js';
import { readConsulAutopilot } from './consul-autopilot.js';

/** A stack's live state, or why it could not be read. */
export type StackRead =
  | { readonly stack: DesiredStack; readonly ok: true; readonly live: ReadonlyMap<string, LiveResource> }
  | { readonly stack: DesiredStack; readonly ok: false; readonly error: OpstackError };

/** Reads what every stack declares: the minimal GETs, all stacks concurrently. */
export function readLive(stacks: readonly DesiredStack[], clients: ConsulClients): Promise<StackRead[]> {
  return Promise.all(stacks.map((stack) => readStack(stack, clients)));
}

async function readStack(stack: DesiredStack, clients: ConsulClients): Promise<StackRead> {
  try {
    const client = clients.for(stack.target);
    const entries = await Promise.all(
      stack.resources.map(async (resource) => [resourceAddress(resource), await readConsulAutopilot(client, resource.datacenter)] as const),
    );
    return { stack, ok: true, live: new Map(entries) };
  } catch (error) {
    return { stack, ok: false, error: error as OpstackError };
  }
}
