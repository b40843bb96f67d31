import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gossipKeyProblem, readKeyReference } from '../../src/secrets/key-references.js';
import { tempDir } from '../support/temp-dir.js';

const key32 = Buffer.alloc(32, 7).toString('base64');

describe('gossip key references and validation (consul-operator-api.md §4.4)', () => {
  it.each([
    [Buffer.alloc(16, 1).toString('base64'), undefined],
    [Buffer.alloc(24, 1).toString('base64'), undefined],
    [key32, undefined],
    [Buffer.alloc(20, 1).toString('base64'), 'the key decodes to 20 bytes; Consul needs 16, 24 or 32.'],
    [key32.replace(/=+$/, ''), 'the value is not standard, padded base64.'],
    ['AAAAAAAAAAAAAAAAAAAA-_==', 'the value is not standard, padded base64.'],
    ['not base64!', 'the value is not standard, padded base64.'],
    // Padding bits set: Go decodes these to the same bytes as …Q== / …Bwc=, but Consul reports the canonical text.
    ['AQEBAQEBAQEBAQEBAQEBAR==', expect.stringContaining('not canonical base64')],
    ['BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwd=', expect.stringContaining('not canonical base64')],
  ])('%s → %s', (key, problem) => {
    expect(gossipKeyProblem(key)).toEqual(problem);
  });

  it('reads from the environment and from files, trimmed', () => {
    const file = join(tempDir('key'), 'gossip.key');
    writeFileSync(file, `${key32}\n`);
    expect(readKeyReference({ source: 'env', name: 'K' }, { K: key32 })).toEqual({ ok: true, key: key32 });
    expect(readKeyReference({ source: 'file', name: file }, {})).toEqual({ ok: true, key: key32 });
  });

  it('problems name the reference, never the value', () => {
    const bad = Buffer.alloc(20, 9).toString('base64');
    const result = readKeyReference({ source: 'env', name: 'K' }, { K: bad });
    expect(result).toEqual({ ok: false, problem: 'env:K: the key decodes to 20 bytes; Consul needs 16, 24 or 32.' });
    expect(readKeyReference({ source: 'env', name: 'MISSING' }, {})).toEqual({
      ok: false,
      problem: 'env:MISSING: the environment variable MISSING is not set.',
    });
    expect(readKeyReference({ source: 'file', name: '/nonexistent/key' }, {})).toEqual({
      ok: false,
      problem: 'file:/nonexistent/key: the file cannot be read.',
    });
  });
});
