import type { ConsulAutopilotLive, ConsulAutopilotSettings } from './autopilot.js';

/** Terraform resource types opstack manages. */
export type ResourceType = 'consul_autopilot_config';

/** Identity of a declared resource: `<stack>/<type>.<name>`, e.g. `dc1/consul_autopilot_config.autopilot`. */
export interface ResourceRef {
  readonly stack: string;
  readonly type: ResourceType;
  /** The logical id in the synthesised JSON. */
  readonly name: string;
  /** The construct path, to point users back at their code. */
  readonly constructPath: string;
  /** The datacenter its requests name. */
  readonly datacenter: string;
}

/** A declared autopilot configuration: only the fields the stack sets are managed. */
export interface DesiredConsulAutopilot extends ResourceRef {
  readonly type: 'consul_autopilot_config';
  readonly declared: Readonly<Partial<ConsulAutopilotSettings>>;
}

export type DesiredResource = DesiredConsulAutopilot;

/** What a read found for a resource. */
export interface LiveConsulAutopilot {
  readonly type: 'consul_autopilot_config';
  readonly config: Readonly<ConsulAutopilotLive>;
}

export type LiveResource = LiveConsulAutopilot;

export function resourceAddress(ref: Pick<ResourceRef, 'stack' | 'type' | 'name'>): string {
  return `${ref.stack}/${ref.type}.${ref.name}`;
}
