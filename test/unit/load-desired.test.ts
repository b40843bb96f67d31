import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/desired/load-desired.js';

/** A stack document shaped like cdktf's cdk.tf.json. */
function stack(
  autopilot: Record<string, unknown> | undefined,
  provider: Record<string, unknown> | null = { address: '127.0.0.1:8500', datacenter: 'dc1' },
  name = 'dc1',
) {
  return {
    name,
    document: {
      ...(provider ? { provider: { consul: [provider] } } : {}),
      ...(autopilot
        ? {
            resource: {
              consul_autopilot_config: {
                autopilot: { '//': { metadata: { path: `${name}/autopilot`, uniqueId: 'autopilot' } }, ...autopilot },
              },
            },
          }
        : {}),
    },
  };
}

/** These stacks declare no keyring, so no key is ever read. */
const noKeys = () => ({ ok: false, problem: 'no keys in these tests' }) as const;

const summaries = (result: ReturnType<typeof loadDesired>) =>
  result.diagnostics.map((d) => `${d.constructPath ?? d.stack}: ${d.summary}`);

describe('loading consul_autopilot_config from synthesised stacks', () => {
  it('turns a valid stack into typed desired state', () => {
    const result = loadDesired(
      [stack({ cleanup_dead_servers: true, last_contact_threshold: '1s', min_quorum: 3 })],
      noKeys,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.stacks).toEqual([
      {
        name: 'dc1',
        target: { product: 'consul', address: '127.0.0.1:8500', datacenter: 'dc1' },
        resources: [
          {
            stack: 'dc1',
            type: 'consul_autopilot_config',
            name: 'autopilot',
            constructPath: 'dc1/autopilot',
            datacenter: 'dc1',
            declared: { CleanupDeadServers: true, LastContactThreshold: '1s', MinQuorum: 3 },
          },
        ],
      },
    ]);
  });

  it('collects every problem, naming stack and construct path, and returns no stacks', () => {
    const result = loadDesired(
      [
        stack({
          last_contact_threshold: '5',
          server_stabilization_time: '1d',
          max_trailing_logs: -1,
          cleanup_dead_servers: 'yes',
          min_quorum: 1.5,
          colour: 'blue',
        }),
      ],
      noKeys,
    );
    expect(result.stacks).toEqual([]);
    expect(summaries(result)).toEqual([
      'dc1/autopilot: last_contact_threshold: "5" is not a Go duration (time: ' +
        'missing unit in duration "5"). Use a number with a unit: ns, us, ms, s, m, h.',
      'dc1/autopilot: server_stabilization_time: "1d" is not a Go duration (time: ' +
        'unknown unit "d" in duration "1d"). Use a number with a unit: ns, us, ms, s, m, h.',
      'dc1/autopilot: max_trailing_logs: must not be negative (a Go uint64), got -1.',
      'dc1/autopilot: cleanup_dead_servers: expected true or false, got "yes".',
      'dc1/autopilot: min_quorum: expected a whole number, got 1.5.',
      'dc1/autopilot: Unknown attribute "colour" on consul_autopilot_config.',
    ]);
  });

  // consul-operator-api.md §4.5: MaxTrailingLogs is a uint64, MinQuorum a uint (64-bit).
  it.each([
    [{ min_quorum: 1e20 }, 'min_quorum: 100000000000000000000 is outside a Go uint (0 to 18446744073709551615).'],
    [
      { max_trailing_logs: 2 ** 64 },
      'max_trailing_logs: 18446744073709552000 is outside a Go uint64 (0 to 18446744073709551615).',
    ],
    [
      { max_trailing_logs: 9007199254740993 },
      'max_trailing_logs: 9007199254740992 is above 9007199254740991, where a JSON number is ' +
        'no longer read exactly (the declared value may have been rounded); use a smaller value.',
    ],
  ])('refuses %j: out of its Go type or not exact', (attributes, summary) => {
    expect(summaries(loadDesired([stack(attributes)], noKeys))).toEqual([`dc1/autopilot: ${summary}`]);
  });

  it('accepts the largest exactly representable whole number', () => {
    expect(summaries(loadDesired([stack({ max_trailing_logs: Number.MAX_SAFE_INTEGER })], noKeys))).toEqual([]);
  });

  it('rejects a negative duration, which Go parses but autopilot cannot use', () => {
    expect(summaries(loadDesired([stack({ last_contact_threshold: '-1s' })], noKeys))).toEqual([
      'dc1/autopilot: last_contact_threshold: must not be negative, got "-1s".',
    ]);
  });

  it('rejects a stack with no Consul target', () => {
    expect(summaries(loadDesired([stack({ min_quorum: 3 }, null)], noKeys))).toEqual([
      'dc1: Stack "dc1" has no Consul or Nomad target.',
    ]);
  });

  it('rejects two autopilot configurations for one datacenter, across stacks', () => {
    const result = loadDesired(
      [stack({ min_quorum: 3 }, undefined, 'a'), stack({ min_quorum: 5 }, undefined, 'b')],
      noKeys,
    );
    expect(summaries(result)).toEqual([
      'b/autopilot: Two autopilot configurations for datacenter "dc1": a/autopilot and b/autopilot.',
    ]);
  });

  it('refuses a token in the provider block, without repeating it', () => {
    const result = loadDesired([stack({ min_quorum: 3 }, { datacenter: 'dc1', token: 'secret-token-value' })], noKeys);
    expect(result.stacks).toEqual([]);
    expect(JSON.stringify(result.diagnostics)).not.toContain('secret-token-value');
  });

  it.each([
    ['token', 'CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE'],
    ['http_auth', 'CONSUL_HTTP_AUTH'],
  ])('refuses %s in the provider block, names the variable to use instead, and never repeats it', (key, variable) => {
    const result = loadDesired([stack({ min_quorum: 3 }, { datacenter: 'dc1', [key]: 'ops:secret-value-99' })], noKeys);
    expect(result.stacks).toEqual([]);
    expect(result.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        `The provider block holds a secret ("${key}"); opstack never reads secrets from stacks ` +
          '(the synthesised JSON would hold it in clear).',
        `Remove \`${key}\` and set ${variable} where opstack runs.`,
      ],
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain('secret-value-99');
  });

  it('refuses unresolved references and resource types it does not manage', () => {
    const withOther = stack({ min_quorum: '${var.q}' });
    (withOther.document as { resource: Record<string, unknown> }).resource.consul_keys = { k: {} };
    expect(summaries(loadDesired([withOther], noKeys))).toEqual([
      'dc1/autopilot: min_quorum: references and tokens cannot be ' +
        'resolved by opstack; use a literal value (got "${var.q}").',
      'dc1: Resource type "consul_keys" is not managed by opstack.',
    ]);
  });

  it('needs a datacenter, since every request names it', () => {
    expect(summaries(loadDesired([stack({ min_quorum: 3 }, { address: 'x:8500' })], noKeys))).toEqual([
      'dc1/autopilot: No datacenter: opstack names the datacenter in every request (?dc=).',
    ]);
  });
});

describe('loading opstack_raft_peers_absent', () => {
  const peersStack = (block: Record<string, unknown>) => ({
    name: 'dc1',
    document: {
      provider: { consul: [{ address: '127.0.0.1:8500', datacenter: 'dc1' }] },
      resource: {
        opstack_raft_peers_absent: { dead: { '//': { metadata: { path: 'dc1/dead', uniqueId: 'dead' } }, ...block } },
      },
    },
  });

  it('reads allow_live per peer and min_failure_tolerance', () => {
    const result = loadDesired(
      [
        peersStack({
          peers: [
            { id: '8b5f7a6e-2c1d-4e3f-9a8b-7c6d5e4f3a2b', allow_live: true },
            { address: '10.0.0.3:8300', allow_live: false },
          ],
          min_failure_tolerance: 1,
        }),
      ],
      noKeys,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.stacks[0]?.resources[0]).toMatchObject({
      peers: [{ id: '8b5f7a6e-2c1d-4e3f-9a8b-7c6d5e4f3a2b', allowLive: true }, { address: '10.0.0.3:8300' }],
      minFailureTolerance: 1,
    });
  });

  it(
    'refuses a non-boolean allow_live, an unknown peer ' + 'attribute and a bad min_failure_tolerance, each with where',
    () => {
      const result = loadDesired(
        [
          peersStack({
            peers: [
              { id: 'a', allow_live: 'yes' },
              { id: 'b', allowlive: true },
            ],
            min_failure_tolerance: -1,
          }),
        ],
        noKeys,
      );
      expect(summaries(result)).toEqual([
        'dc1/dead: peers[0].allow_live: must be true or false.',
        'dc1/dead: peers[1]: unknown attribute "allowlive"; a peer has id or address, and allow_live.',
        'dc1/dead: min_failure_tolerance: must be a whole number ≥ 0, got -1.',
      ]);
      expect(result.stacks).toEqual([]);
    },
  );
});
