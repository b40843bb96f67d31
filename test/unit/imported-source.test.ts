// The stack file `opstack import` writes is code made from server answers: every value must come
// out as the same string literal, never as code or as the end of a comment.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { ImportedStack } from '../../src/import/imported-cluster.js';
import { importedSource } from '../../src/import/imported-source.js';
import { CONSUL_AUTOPILOT_DEFAULTS } from '../../src/import/server-defaults.js';

const HOSTILE = "zone'); require('node:child_process').execSync('id'); //\u2028evil()\n*/ `${x}` \\ \u{1F600}";

const stack: ImportedStack = {
  product: 'consul',
  name: 'dc1',
  address: 'http://127.0.0.1:8500',
  datacenter: 'dc1',
  autopilot: { ...CONSUL_AUTOPILOT_DEFAULTS, RedundancyZoneTag: HOSTILE, UpgradeVersionTag: HOSTILE },
  areas: [{ ID: 'a', PeerDatacenter: 'dc2', RetryJoin: null, UseTLS: false }],
  keyring: { kind: 'encryption-disabled' },
};

/** The string each property named `name` is initialised with, as TypeScript parses the file. */
function stringProperties(source: string, name: string): string[] {
  const file = ts.createSourceFile('imported.ts', source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText(file) === name && ts.isStringLiteral(node.initializer))
      found.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('importedSource', () => {
  it('writes server text as string literals that parse back to exactly that text, and adds no statement', () => {
    const source = importedSource([stack], { appCommand: 'npx tsx stacks/imported.ts' });
    expect(stringProperties(source, 'redundancyZoneTag')).toEqual([HOSTILE]);
    expect(stringProperties(source, 'upgradeVersionTag')).toEqual([HOSTILE]);
    // No line terminator but \n (U+2028 would end a comment in JavaScript), and nothing outside printable ASCII.
    expect(source).toMatch(/^[\x20-\x7e\n]*$/);
    const file = ts.createSourceFile('imported.ts', source, ts.ScriptTarget.ES2022, true);
    const calls = file.statements.map((s) => s.getText(file).split('(')[0]);
    expect(calls).toEqual([
      "import { App, TerraformStack } from 'cdktf';",
      "import { ConsulProvider } from '@cdktf/provider-consul/lib/provider/index.js';",
      "import { ConsulAutopilotConfig, ConsulNetworkArea, ConsulNetworkAreaOwnership } from 'opstack';",
      'const app = new App',
      'const dc1Stack = new TerraformStack',
      'new ConsulProvider',
      'new ConsulAutopilotConfig',
      'new ConsulNetworkArea',
      'app.synth',
    ]);
  });
});
