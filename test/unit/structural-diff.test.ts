import { describe, expect, it } from 'vitest';
import { describeDifference } from '../../src/util/structural-diff.js';

describe('describeDifference (json-diff, for a reader)', () => {
  it('shows what differs with - and +, and leaves out what does not', async () => {
    const before = { min_quorum: 0, last_contact_threshold: '1s' };
    const text = await describeDifference(before, { ...before, min_quorum: 2 });
    expect(text).toBe(' {\n-  min_quorum: 0\n+  min_quorum: 2\n }\n');
  });

  it('quotes a key that is not plain text, so a hand-edited file cannot put escape codes on the terminal', async () => {
    const text = await describeDifference({ a: 1 }, { a: 1, 'x\u001b[2Jy': '\u001b[31m' });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('+  "x\\u001b[2Jy": "\\u001b[31m"');
  });

  it('is empty when nothing differs', async () => {
    expect(await describeDifference({ keys: ['sha256:1a2b3c4d'] }, { keys: ['sha256:1a2b3c4d'] })).toBe('');
  });
});
