import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { afterEach, describe, expect, it } from 'vitest';
import { RaftPeersAbsent } from '../../src/constructs/index.js';

const outdir = mkdtempSync(join(tmpdir(), 'opstack-construct-'));
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

describe('the RaftPeersAbsent construct', () => {
  it('synthesises allowLive as allow_live per peer and minFailureTolerance as min_failure_tolerance', () => {
    const stack = new TerraformStack(Testing.app({ outdir }), 'dc1');
    new RaftPeersAbsent(stack, 'retire', {
      peers: [{ address: '10.0.1.14:8300', allowLive: true }, { id: 'abc' }],
      minFailureTolerance: 1,
    });
    const synthesized = JSON.parse(Testing.synth(stack)) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(synthesized.resource.opstack_raft_peers_absent?.retire).toMatchObject({
      peers: [{ address: '10.0.1.14:8300', allow_live: true }, { id: 'abc' }],
      min_failure_tolerance: 1,
    });
  });
});
