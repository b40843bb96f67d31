import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'opstack-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('opstack show refuses a file opstack did not write, with a clear message', () => {
  it.each([
    ['truncated', '{"format_version": "2.0", "stacks": [', 'is not valid JSON (truncated or corrupted?)'],
    ['null', 'null', 'plan: must be an object'],
    ['missing fields', '{"format_version": "2.0"}', 'plan: lacks "opstack_version", "kind"'],
    [
      'a 1.x plan',
      JSON.stringify({
        format_version: '1.0',
        opstack_version: '0.1.0',
        kind: 'plan',
        has_changes: false,
        errored: false,
        summary: {},
        stacks: [],
        resource_changes: [],
        steps: [],
        errors: [],
        diagnostics: [],
      }),
      'is 1.0, but this opstack reads 2.0',
    ],
  ])('%s', async (name, content, message) => {
    const path = file(`${name}.json`, content);
    const result = await runCli(['show', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Error: The plan file ${path} `);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Make a new one with `opstack plan --out <file>`.');
    expect(result.stderr).not.toContain('    at ');
  });

  it('a file that does not exist', async () => {
    const result = await runCli(['show', join(dir, 'absent.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot be read');
  });
});
