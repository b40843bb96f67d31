import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import setup from '../support/temp-dir-check.js';

const runTmp = process.env.TMPDIR;
afterEach(() => {
  process.env.TMPDIR = runTmp;
});

describe('the run-wide temp directory check (vitest global setup)', () => {
  it('fails the run naming what a test left behind, and removes it', () => {
    const teardown = setup();
    const root = process.env.TMPDIR ?? '';
    mkdirSync(join(root, 'opstack-fixture-abc123'));
    expect(() => teardown()).toThrow(
      'Tests left 1 temporary entries behind (each test must remove what it makes): opstack-fixture-abc123',
    );
    expect(existsSync(root)).toBe(false);
  });

  it('passes when the run left nothing, and removes its directory with what other tools cached', () => {
    const teardown = setup();
    const root = process.env.TMPDIR ?? '';
    mkdirSync(join(root, 'tsx-0'));
    expect(() => teardown()).not.toThrow();
    expect(existsSync(root)).toBe(false);
  });
});
