import type { Diagnostic } from '../model/diagnostic.js';
import { type DesiredResource, resourceAddress } from '../model/resources.js';
import type { DesiredStack } from '../model/stack.js';
import type { SynthesizedStack } from '../synth/synth-output.js';
import { decodeConsulAutopilot } from './consul-autopilot.js';
import { decodeConsulTarget } from './consul-target.js';
import { DiagnosticSink, isRecord } from './diagnostics.js';

export interface LoadResult {
  readonly stacks: readonly DesiredStack[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Turns synthesised Terraform JSON into desired state. Every problem is collected; callers stop
 * before any HTTP request when there is an error.
 */
export function loadDesired(synthesized: readonly SynthesizedStack[]): LoadResult {
  const sink = new DiagnosticSink();
  const stacks: DesiredStack[] = [];
  for (const { name, document } of synthesized) {
    const stack = decodeStack(name, document, sink);
    if (stack) stacks.push(stack);
  }
  checkOneAutopilotPerDatacenter(stacks, sink);
  return { stacks: sink.hasErrors ? [] : stacks, diagnostics: sink.all };
}

function decodeStack(name: string, document: unknown, sink: DiagnosticSink): DesiredStack | undefined {
  if (!isRecord(document)) {
    sink.error({ stack: name }, `Stack "${name}" is not a Terraform JSON object.`);
    return undefined;
  }
  const target = decodeConsulTarget(name, document.provider, sink);
  const resources: DesiredResource[] = [];
  const blocksByType = isRecord(document.resource) ? document.resource : {};
  let blockCount = 0;
  for (const [type, blocks] of Object.entries(blocksByType)) {
    if (type !== 'consul_autopilot_config') {
      sink.error({ stack: name }, `Resource type "${type}" is not managed by opstack.`, 'opstack manages consul_autopilot_config; move other resources to a Terraform stack of their own.');
      continue;
    }
    for (const [logicalId, block] of Object.entries(isRecord(blocks) ? blocks : {})) {
      blockCount++;
      // Without a target, "no datacenter" would only repeat "no Consul target".
      const context = { stack: name, name: logicalId, providerDatacenter: target ? target.datacenter : '(no target)', sink };
      const resource = decodeConsulAutopilot(block, context);
      if (resource) resources.push(resource);
    }
  }
  if (isRecord(document.data) && Object.keys(document.data).length > 0) {
    sink.warning({ stack: name }, `Data sources in stack "${name}" are ignored by opstack.`);
  }
  if (!target) return undefined;
  const datacenter = target.datacenter ?? resources[0]?.datacenter;
  if (datacenter === undefined) {
    if (blockCount === 0) {
      sink.error({ stack: name, constructPath: `${name}/provider.consul` }, 'The Consul provider block has no datacenter.', 'Set `datacenter`: opstack names it in every request (?dc=).');
    }
    return undefined;
  }
  resources.sort((a, b) => resourceAddress(a).localeCompare(resourceAddress(b)));
  return { name, target: { ...target, datacenter }, resources };
}

/** Two declarations of one singleton would fight each other on every apply. */
function checkOneAutopilotPerDatacenter(stacks: readonly DesiredStack[], sink: DiagnosticSink): void {
  const seen = new Map<string, string>();
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const key = `${stack.target.address ?? ''}\u0000${resource.datacenter}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, resource.constructPath);
        continue;
      }
      sink.error(
        { stack: stack.name, constructPath: resource.constructPath },
        `Two autopilot configurations for datacenter "${resource.datacenter}": ${first} and ${resource.constructPath}.`,
        'A datacenter has one autopilot configuration; declare it once.',
      );
    }
  }
}
