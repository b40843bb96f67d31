// The declarations a saved plan records (src/document/desired-document.ts): apply compares them
// with what the stacks declare now, so each kind must decode to exactly what was encoded, and a
// hand-edited one must be refused by field, never quoted.
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/document/checks.js';
import { decodeDesired, encodeDesired, RESOURCE_TYPES } from '../../src/document/desired-document.js';
import type { DesiredResource } from '../../src/model/resources.js';
import { desiredAutopilot, desiredKeyring } from '../support/builders.js';

const ref = <T extends DesiredResource['type']>(type: T, name: string) => ({
  stack: 'dc1',
  type,
  name,
  constructPath: `dc1/${name}`,
  datacenter: 'dc1',
});
const FINGERPRINT = 'sha256:0123abcd';

/** One declaration of every kind, with every optional field set somewhere. */
const EVERY_KIND: readonly DesiredResource[] = [
  desiredAutopilot({ CleanupDeadServers: false, LastContactThreshold: '1s', MinQuorum: 3, RedundancyZoneTag: '' }),
  {
    ...ref('opstack_nomad_autopilot_config', 'autopilot'),
    declared: { MaxTrailingLogs: 500, ServerStabilizationTime: '10s' },
  },
  {
    ...ref('nomad_scheduler_config', 'scheduler'),
    declared: { scheduler_algorithm: 'spread', 'preemption_config.batch_scheduler_enabled': true },
  },
  { ...desiredKeyring(FINGERPRINT, 'sha256:89abcdef'), relayFactor: 2 },
  {
    ...ref('opstack_nomad_gossip_keyring', 'keyring'),
    keys: [{ fingerprint: FINGERPRINT, reference: { source: 'file', name: '/run/key' } }],
  },
  { ...ref('consul_network_area', 'to_dc2'), peerDatacenter: 'dc2', retryJoin: ['10.0.0.1'], useTls: true },
  { ...ref('consul_network_area', 'to_dc3'), peerDatacenter: 'dc3' },
  { ...ref('opstack_consul_network_area_ownership', 'areas'), declaredPeers: ['dc2', 'dc3'] },
  {
    ...ref('opstack_raft_peers_absent', 'gone'),
    product: 'consul',
    peers: [{ id: '0b5e7c1a-1111-4222-8333-444455556666' }, { address: '10.0.0.9:8300', allowLive: true }],
    minFailureTolerance: 1,
  },
];

/** The encoded declaration as JSON (what the file holds), edited, then decoded: the refusal's message. */
function refusal(resource: DesiredResource, edit: (encoded: Record<string, any>) => void): string {
  const encoded = JSON.parse(JSON.stringify(encodeDesired(resource))) as Record<string, any>;
  edit(encoded);
  try {
    decodeDesired(encoded, 'declared[0]', 'dc1');
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return (error as Error).message;
  }
  throw new Error('the declaration was accepted');
}

const [autopilot, , scheduler, keyring, , area, , , peers] = EVERY_KIND as DesiredResource[];

describe('declarations in a saved plan', () => {
  it('every kind is covered here', () => {
    expect(new Set(EVERY_KIND.map((r) => r.type))).toEqual(new Set(RESOURCE_TYPES));
  });

  it.each(EVERY_KIND.map((r) => [`${r.type}.${r.name}`, r] as const))(
    '%s decodes to exactly what was encoded',
    (_name, resource) => {
      const file = JSON.parse(JSON.stringify(encodeDesired(resource))) as unknown;
      expect(decodeDesired(file, 'declared[0]', 'dc1')).toEqual(resource);
    },
  );

  it('records Terraform attribute names, and keys only as references and fingerprints', () => {
    expect(encodeDesired(autopilot!)).toMatchObject({
      declared: { cleanup_dead_servers: false, last_contact_threshold: '1s', min_quorum: 3, redundancy_zone_tag: '' },
    });
    expect(encodeDesired(keyring!)).toMatchObject({
      keys: [
        { reference: { source: 'env', name: 'KEY_0' }, fingerprint: FINGERPRINT },
        { fingerprint: 'sha256:89abcdef' },
      ],
      relay_factor: 2,
    });
  });

  it.each<[string, DesiredResource, (e: Record<string, any>) => void, string]>([
    ['an unknown type', autopilot!, (e) => void (e.type = 'consul_acl_token'), 'declared[0].type: must be one of'],
    ['a missing field', area!, (e) => void delete e.peer_datacenter, 'declared[0]: lacks "peer_datacenter"'],
    [
      'a field of another kind',
      area!,
      (e) => void (e.relay_factor = 1),
      'declared[0]: has a field opstack does not write',
    ],
    [
      'an attribute in Go spelling',
      autopilot!,
      (e) => void (e.declared.MinQuorum = 3),
      'declared[0].declared: has a field opstack does not write',
    ],
    [
      'a duration that is not one',
      autopilot!,
      (e) => void (e.declared.last_contact_threshold = 'soon'),
      'last_contact_threshold: must be a Go duration',
    ],
    [
      'a count that is not an integer',
      autopilot!,
      (e) => void (e.declared.min_quorum = 2.5),
      'declared[0].declared.min_quorum: must be an integer',
    ],
    [
      'an unknown scheduler algorithm',
      scheduler!,
      (e) => void (e.declared.scheduler_algorithm = 'random'),
      'scheduler_algorithm: must be one of',
    ],
    ['a keyring without keys', keyring!, (e) => void (e.keys = []), 'declared[0].keys: must not be empty'],
    [
      'a key given as a secret',
      keyring!,
      (e) => void (e.keys[0].key = 'c2VjcmV0'),
      'declared[0].keys[0]: has a field opstack does not write',
    ],
    [
      'a key read from a shell command',
      keyring!,
      (e) => void (e.keys[0].reference.source = 'exec'),
      'declared[0].keys[0].reference.source: must be one of env, file',
    ],
    [
      'a malformed fingerprint',
      keyring!,
      (e) => void (e.keys[0].fingerprint = 'sha256:XYZ'),
      'must be a key fingerprint',
    ],
    ['a relay factor above 5', keyring!, (e) => void (e.relay_factor = 6), 'declared[0].relay_factor'],
    [
      'a peer with both id and address',
      peers!,
      (e) => void (e.peers[0].address = '10.0.0.1:8300'),
      'declared[0].peers[0]: must have exactly one of "id" and "address"',
    ],
    [
      'allow_live written as false',
      peers!,
      (e) => void (e.peers[1].allow_live = false),
      'declared[0].peers[1].allow_live: is written only as true',
    ],
    ['a raft peer list that is empty', peers!, (e) => void (e.peers = []), 'declared[0].peers: must not be empty'],
    [
      'a product other than Consul or Nomad',
      peers!,
      (e) => void (e.product = 'vault'),
      'declared[0].product: must be one of consul, nomad',
    ],
  ])('refuses %s, naming the field', (_name, resource, edit, message) => {
    expect(refusal(resource, edit)).toContain(message);
  });

  it('never quotes what it refuses', () => {
    expect(refusal(area!, (e) => void (e.peer_datacenter = 42))).not.toContain('42');
    expect(refusal(keyring!, (e) => void (e.keys[0].fingerprint = 'c2VjcmV0LWtleQ=='))).not.toContain(
      'c2VjcmV0LWtleQ==',
    );
  });
});
