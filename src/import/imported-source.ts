import { type AutopilotType, autopilotAttributes } from '../schema/autopilot.js';
import type {
  ImportedConsulDatacenter,
  ImportedKeyring,
  ImportedNomadRegion,
  ImportedStack,
} from './imported-cluster.js';
import { AUTOPILOT_SERVER_DEFAULTS } from './server-defaults.js';
import { camelCase, comment, importLine, objectCall, tsLiteral, tsString, type TsValue } from './ts-source.js';

/** Where the file is meant to be run from, for its header: `opstack plan --app '<command>'`. */
export interface ImportedSourceOptions {
  readonly appCommand: string;
}

/**
 * The cdktf app declaring what the clusters are now: one stack per datacenter and region, every
 * autopilot field explicit (with the server default beside it), network areas with the ownership
 * construct commented out, and the gossip keyring as one environment reference per live key,
 * primary first, with its fingerprint. A pure function of what was read.
 */
export function importedSource(stacks: readonly ImportedStack[], options: ImportedSourceOptions): string {
  const names = new Set<string>();
  const blocks = stacks.map((stack) => {
    const variable = uniqueIdentifier(stack.name, names);
    return stack.product === 'consul' ? consulBlock(stack, variable) : nomadBlock(stack, variable);
  });
  const keyVariables = stacks.flatMap((s) =>
    s.product === 'consul' && s.keyring.kind === 'keys' ? s.keyring.keys : [],
  );
  const header = [
    '// Written by `opstack import` from what the clusters reported: every setting is declared as it is now,',
    '// so a plan shows no changes:',
    `//   opstack plan --app ${tsString(options.appCommand)}`,
    '// Review it, then move the stacks into your app.',
    ...(keyVariables.length > 0
      ? [
          '//',
          ...comment(
            'Before planning, set each gossip key variable below to the key with the fingerprint beside it ' +
              '(`consul keyring -list` shows the keys). opstack never writes a key into a file.',
          ),
        ]
      : []),
  ];
  return [
    ...header,
    ...importLine(['App', 'TerraformStack'], 'cdktf'),
    ...(stacks.some((s) => s.product === 'consul')
      ? importLine(['ConsulProvider'], '@cdktf/provider-consul/lib/provider/index.js')
      : []),
    ...importLine(constructsUsed(stacks), 'opstack'),
    '',
    'const app = new App();',
    ...blocks.flatMap((block) => ['', ...block]),
    '',
    'app.synth();',
    '',
  ].join('\n');
}

function consulBlock(stack: ImportedConsulDatacenter, variable: string): string[] {
  return [
    `// Consul datacenter ${tsString(stack.datacenter)} at ${tsString(stack.address)}.`,
    `const ${variable} = new TerraformStack(app, ${tsString(stack.name)});`,
    ...objectCall(
      `new ConsulProvider(${variable}, 'consul', `,
      [
        ['address', stack.address],
        ['datacenter', stack.datacenter],
      ],
      ');',
    ),
    ...autopilotBlock('ConsulAutopilotConfig', 'consul_autopilot_config', stack.autopilot, variable),
    ...areasBlock(stack, variable),
    ...keyringBlock(stack.keyring, variable),
  ];
}

function nomadBlock(stack: ImportedNomadRegion, variable: string): string[] {
  const provider: [string, TsValue][] = [
    ['address', stack.address],
    ...(stack.region ? [['region', stack.region] as [string, TsValue]] : []),
  ];
  return [
    `// Nomad region ${stack.region ? tsString(stack.region) : "(the agent's own)"} at ${tsString(stack.address)}.`,
    `const ${variable} = new TerraformStack(app, ${tsString(stack.name)});`,
    ...objectCall(`new NomadProvider(${variable}, 'nomad', `, provider, ');'),
    ...autopilotBlock('NomadAutopilotConfig', 'opstack_nomad_autopilot_config', stack.autopilot, variable),
  ];
}

/** Every field, in the API's order, with the server's default beside it. */
function autopilotBlock(
  construct: string,
  type: AutopilotType,
  settings: Readonly<Record<string, unknown>>,
  variable: string,
): string[] {
  const defaults = AUTOPILOT_SERVER_DEFAULTS[type];
  const fields = autopilotAttributes(type).map((attribute) => {
    const value = settings[attribute.field] as TsValue;
    const fallback = defaults[attribute.field]!;
    return `  ${camelCase(attribute.attribute)}: ${tsLiteral(value)}, // server default: ${tsLiteral(fallback)}`;
  });
  return [
    '// Every autopilot field is declared, so opstack manages them all; delete a line to leave that field alone.',
    `new ${construct}(${variable}, 'autopilot', {`,
    ...fields,
    '});',
  ];
}

function areasBlock(stack: ImportedConsulDatacenter, variable: string): string[] {
  if (stack.areas === null) return ['// Consul CE: no network areas (they need Consul Enterprise).'];
  const areas = stack.areas.flatMap((area) => {
    const properties: [string, TsValue][] = [
      ['peerDatacenter', area.PeerDatacenter],
      ...(area.RetryJoin === null ? [] : [['retryJoin', area.RetryJoin] as [string, TsValue]]),
      ['useTls', area.UseTLS],
    ];
    return objectCall(
      `new ConsulNetworkArea(${variable}, ${tsString(`area-${area.PeerDatacenter}`)}, `,
      properties,
      ');',
    );
  });
  return [
    `// Network areas: ${stack.areas.length === 0 ? 'none yet' : stack.areas.length}.`,
    ...areas,
    ...comment(`To delete every area of ${tsString(stack.datacenter)} not declared above, uncomment:`),
    `// new ConsulNetworkAreaOwnership(${variable}, 'areas');`,
  ];
}

function keyringBlock(keyring: ImportedKeyring, variable: string): string[] {
  switch (keyring.kind) {
    case 'encryption-disabled':
      return ['// Gossip encryption is off at this agent, so no keyring is declared.'];
    case 'declared-by':
      return comment(
        `This agent's gossip keyring is declared in stack ${tsString(keyring.stack)}: ` +
          'a keyring write reaches every pool the agent is in.',
      );
    case 'keys': {
      const pools = `${keyring.pools.length} pool${keyring.pools.length === 1 ? '' : 's'}`;
      const keys = keyring.keys.map((key) => {
        const use = key.primary > 0 ? `primary on ${key.primary}` : `installed on ${key.installed}`;
        const reference = `GossipKey.fromEnv(${tsString(key.variable)})`;
        return `    ${reference}, // ${key.fingerprint}, ${use} of ${keyring.nodes} nodes`;
      });
      return [
        `// The gossip keyring as ${keyring.nodes} nodes in ${pools} hold it, primary first.`,
        `new ConsulGossipKeyring(${variable}, 'keyring', {`,
        '  keys: [',
        ...keys,
        '  ],',
        '});',
      ];
    }
    default: {
      const unreachable: never = keyring;
      return unreachable;
    }
  }
}

function constructsUsed(stacks: readonly ImportedStack[]): string[] {
  const used = new Set<string>();
  for (const stack of stacks) {
    if (stack.product === 'nomad') {
      used.add('NomadProvider').add('NomadAutopilotConfig');
      continue;
    }
    used.add('ConsulAutopilotConfig');
    if (stack.areas !== null) used.add('ConsulNetworkArea').add('ConsulNetworkAreaOwnership');
    if (stack.keyring.kind === 'keys') used.add('ConsulGossipKeyring').add('GossipKey');
  }
  return [...used].sort();
}

/** `dc1` → `dc1Stack`, `nomad-eu` → `nomadEuStack`; unique within the file. */
function uniqueIdentifier(name: string, taken: Set<string>): string {
  const base = `${camelCase(name.replace(/^[^a-zA-Z]/, 's$&'))}Stack`.replace(/[^A-Za-z0-9]/g, '');
  let identifier = base;
  for (let n = 2; taken.has(identifier); n++) identifier = `${base}${n}`;
  taken.add(identifier);
  return identifier;
}
