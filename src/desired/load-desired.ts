import type { Diagnostic } from '../model/diagnostic.js';
import { type DesiredResource } from '../model/resources.js';
import { resourceAddress } from '../util/resource-address.js';
import type { DesiredStack } from '../model/stack.js';
import type { Target } from '../model/target.js';
import type { SynthesizedStack } from '../synth/synth-output.js';
import { autopilotDecoder } from './autopilot.js';
import { decodeConsulKeyring, decodeNomadKeyring, type KeyringContext } from './gossip-keyring.js';
import { decodeConsulAreaOwnership, decodeConsulNetworkArea } from './consul-network-area.js';
import { decodeNomadScheduler } from './nomad-scheduler.js';
import { decodeRaftPeersAbsent } from './raft-peers.js';
import { singletonKey, twoOf } from './singletons.js';
import { decodeTarget } from './target.js';
import { DiagnosticSink, isRecord, kindOf } from './diagnostics.js';

export interface LoadResult {
  /** Empty when any stack has an error. */
  readonly stacks: readonly DesiredStack[];
  /** Every stack that decoded, errors elsewhere or not: their connections are checked in the same run. */
  readonly decoded: readonly DesiredStack[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Turns synthesised Terraform JSON into desired state. Every problem is collected; callers stop
 * before any HTTP request when there is an error.
 */
export function loadDesired(
  synthesized: readonly SynthesizedStack[],
  readKey: KeyringContext['readKey'],
  endpoint: EndpointOf = (t) => t.address ?? '',
): LoadResult {
  const sink = new DiagnosticSink();
  const stacks: DesiredStack[] = [];
  for (const { name, document, annotations } of synthesized) {
    // What the constructs found while the app ran, such as a mistyped property, in the stack's own words.
    for (const { severity, constructPath, message } of annotations ?? [])
      sink[severity]({ stack: name, constructPath }, message);
    const stack = decodeStack(name, document, sink, readKey);
    if (stack) stacks.push(stack);
  }
  checkOneSingletonPerDatacenter(stacks, sink, endpoint);
  return { stacks: sink.hasErrors ? [] : stacks, decoded: stacks, diagnostics: sink.all };
}

function decodeStack(
  name: string,
  document: unknown,
  sink: DiagnosticSink,
  readKey: KeyringContext['readKey'],
): DesiredStack | undefined {
  if (!isRecord(document)) {
    sink.error({ stack: name }, `Stack "${name}" is not a Terraform JSON object.`);
    return undefined;
  }
  const target = decodeTarget(name, document.provider, sink);
  const resources: DesiredResource[] = [];
  let blockCount = 0;
  for (const [type, blocks] of Object.entries(objectOf(document.resource, '"resource"', name, sink))) {
    const decode = DECODERS[type];
    if (decode === undefined) {
      sink.error(
        { stack: name },
        `Resource type "${type}" is not managed by opstack.`,
        `opstack manages ${Object.keys(DECODERS).join(', ')}; move other resources to a Terraform stack of their own.`,
      );
      continue;
    }
    for (const [logicalId, block] of Object.entries(objectOf(blocks, `"resource.${type}"`, name, sink))) {
      blockCount++;
      const providerScope = target?.product === 'nomad' ? target.region : target?.datacenter;
      const context = { stack: name, name: logicalId, product: target?.product, providerScope, sink, readKey };
      const resource = decode(block, context);
      if (resource) resources.push(resource);
    }
  }
  if (isRecord(document.data) && Object.keys(document.data).length > 0) {
    sink.warning({ stack: name }, `Data sources in stack "${name}" are ignored by opstack.`);
  }
  if (!target) return undefined;
  if (target.product === 'nomad') return { name, target, resources: sortedResources(resources) };
  const datacenter = target.datacenter ?? resources[0]?.datacenter;
  if (datacenter === undefined) {
    if (blockCount === 0) {
      sink.error(
        { stack: name, constructPath: `${name}/provider.consul` },
        'The Consul provider block has no datacenter.',
        'Set `datacenter`: opstack names it in every request (?dc=).',
      );
    }
    return undefined;
  }
  return { name, target: { ...target, datacenter }, resources: sortedResources(resources) };
}

/**
 * A part of the stack's Terraform JSON that must be an object of named entries: anything else
 * (an array, a string, null) is refused rather than read as "nothing declared", which would plan
 * the declarations it held away.
 */
function objectOf(value: unknown, what: string, stack: string, sink: DiagnosticSink): Record<string, unknown> {
  if (value === undefined || isRecord(value)) return value ?? {};
  sink.error({ stack }, `${what} in stack "${stack}" is not an object of named blocks; got ${kindOf(value)}.`);
  return {};
}

/** Resources in address order, ownership declarations told their stack's declared peers. */
function sortedResources(resources: readonly DesiredResource[]): DesiredResource[] {
  return withDeclaredPeers([...resources].sort((a, b) => resourceAddress(a).localeCompare(resourceAddress(b))));
}

/** Decoders by Terraform resource type: the kinds opstack manages. */
const DECODERS: Readonly<Record<string, (block: unknown, context: KeyringContext) => DesiredResource | undefined>> = {
  consul_autopilot_config: autopilotDecoder('consul_autopilot_config'),
  opstack_nomad_autopilot_config: autopilotDecoder('opstack_nomad_autopilot_config'),
  nomad_scheduler_config: decodeNomadScheduler,
  opstack_consul_gossip_keyring: decodeConsulKeyring,
  opstack_nomad_gossip_keyring: decodeNomadKeyring,
  consul_network_area: decodeConsulNetworkArea,
  opstack_consul_network_area_ownership: decodeConsulAreaOwnership,
  opstack_raft_peers_absent: decodeRaftPeersAbsent,
};

/**
 * Where a stack's requests go, normalised (api/endpoint.ts), so that `127.0.0.1:8500`,
 * `http://localhost:8500/` and an unset address with CONSUL_HTTP_ADDR=127.0.0.1:8500 are one key.
 */
export type EndpointOf = (target: Target) => string;

/** Two declarations of one singleton would fight each other on every apply, however their addresses are spelled. */
function checkOneSingletonPerDatacenter(
  stacks: readonly DesiredStack[],
  sink: DiagnosticSink,
  endpoint: EndpointOf,
): void {
  const seen = new Map<string, { readonly constructPath: string; readonly target: Target }>();
  for (const stack of stacks) {
    const where = endpoint(stack.target);
    for (const resource of stack.resources) {
      const key = `${where}\u0000${singletonKey(resource)}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { constructPath: resource.constructPath, target: stack.target });
        continue;
      }
      const spelled =
        first.target.address !== stack.target.address
          ? ` (${spelling(first.target)} and ${spelling(stack.target)} both reach ${where})`
          : '';
      sink.error(
        { stack: stack.name, constructPath: resource.constructPath },
        `${twoOf(resource)}: ${first.constructPath} and ${resource.constructPath}${spelled}.`,
        'A datacenter has one; declare it once.',
      );
    }
  }
}

function spelling(target: Target): string {
  return target.address === undefined
    ? `the ${target.product === 'consul' ? 'CONSUL_HTTP_ADDR' : 'NOMAD_ADDR'} default`
    : `"${target.address}"`;
}

/** Tells each ownership declaration which peers its stack declares areas for, in its datacenter. */
function withDeclaredPeers(resources: readonly DesiredResource[]): DesiredResource[] {
  return resources.map((resource) => {
    if (resource.type !== 'opstack_consul_network_area_ownership') return resource;
    const declaredPeers = resources
      .flatMap((r) =>
        r.type === 'consul_network_area' && r.datacenter === resource.datacenter ? [r.peerDatacenter] : [],
      )
      .sort();
    return { ...resource, declaredPeers };
  });
}
