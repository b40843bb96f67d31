import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import { buildReport } from '../../src/cli/pipeline.js';
import { loadDesired } from '../../src/desired/load-desired.js';
import { fromDocument } from '../../src/document/from-document.js';
import { readKeyReference } from '../../src/secrets/key-references.js';
import { readSynthOutput } from '../../src/synth/synth-output.js';
import { runCli } from '../support/cli.js';
import { type EveryKind, startEveryKind } from '../support/every-kind.js';

let kinds: EveryKind;
let dir: string;
beforeAll(async () => {
  kinds = await startEveryKind();
  dir = mkdtempSync(join(tmpdir(), 'opstack-roundtrip-'));
});
afterAll(async () => {
  await kinds.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (...extra: string[]) => runCli(['plan', '--synth-dir', kinds.synthDir, ...extra], { env: kinds.env });
const savedLine = (file: string) =>
  `\nSaved the plan to ${file}. Apply exactly this plan with: opstack apply ${file}\n`;

describe('a saved plan reads back as the plan that was written, for every resource kind', () => {
  it('the fixture covers every kind and every action', async () => {
    const json = JSON.parse((await plan('--json')).stdout);
    expect(new Set(json.resource_changes.map((c: { type: string }) => c.type))).toEqual(
      new Set([
        'consul_autopilot_config',
        'opstack_nomad_autopilot_config',
        'nomad_scheduler_config',
        'opstack_consul_gossip_keyring',
        'opstack_nomad_gossip_keyring',
        'consul_network_area',
        'opstack_consul_network_area_ownership',
        'opstack_raft_peers_absent',
      ]),
    );
    expect(new Set(json.resource_changes.map((c: { action: string }) => c.action))).toEqual(
      new Set(['create', 'update', 'delete', 'no-op']),
    );
  });

  it(
    'plan → file → read gives the same Plan the pipeline computed ' +
      '(changes, unchanged counts, implied deletions, steps)',
    async () => {
      const file = join(dir, 'same-plan.json');
      expect((await plan('--out', file)).code).toBe(0);
      const loaded = loadDesired(await readSynthOutput(kinds.synthDir), (reference) =>
        readKeyReference(reference, kinds.env),
      );
      const clients = new ApiClients(kinds.env);
      const report = await buildReport('plan', loaded, clients);
      await clients.close();
      const read = fromDocument(JSON.parse(readFileSync(file, 'utf8'))).report;
      const unbound = read.plan.stacks.map(({ cluster: _cluster, ...stack }) => stack);
      expect({ ...read.plan, stacks: unbound }).toEqual(report.plan);
      expect(read.plan.stacks.flatMap((s) => s.changes.map((c) => [c.address, c.unchangedCount]))).toEqual(
        report.plan.stacks.flatMap((s) => s.changes.map((c) => [c.address, c.unchangedCount])),
      );
    },
  );

  it('`show` prints the saved plan byte for byte as `plan` printed it: text', async () => {
    const file = join(dir, 'text.json');
    const planned = await plan('--out', file);
    expect(planned.stdout.endsWith(savedLine(file))).toBe(true);
    const shown = await runCli(['show', file]);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(planned.stdout.slice(0, -savedLine(file).length));
  });

  it('… JSON: `plan --json --out` prints what it saves, and `show --json` prints the file', async () => {
    const file = join(dir, 'json.json');
    const planned = await plan('--json', '--out', file);
    expect(planned.stdout).toBe(readFileSync(file, 'utf8'));
    const shown = await runCli(['show', file, '--json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(planned.stdout);
  });

  it('… Markdown', async () => {
    const file = join(dir, 'markdown.json');
    const planned = await plan('--markdown', '--out', file);
    const shown = await runCli(['show', file, '--markdown']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(planned.stdout);
    expect(shown.stdout).toContain('<details><summary><b>nomad-eu</b>: 4 to change</summary>');
  });

  it('the file holds key references and fingerprints, never a key', async () => {
    const file = join(dir, 'secrets.json');
    await plan('--out', file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(kinds.env.NEW_GOSSIP_KEY);
    expect(text).not.toContain(kinds.env.OLD_GOSSIP_KEY);
    expect(JSON.parse(text).stacks[0].declared).toContainEqual(
      expect.objectContaining({
        type: 'opstack_consul_gossip_keyring',
        keys: [
          {
            reference: { source: 'env', name: 'NEW_GOSSIP_KEY' },
            fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/),
          },
          {
            reference: { source: 'env', name: 'OLD_GOSSIP_KEY' },
            fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/),
          },
        ],
      }),
    );
  });
});
