/**
 * JSON.parse for text opstack did not write. Node's SyntaxError quotes the text around the
 * problem, which may be a secret; this one says only where parsing stopped.
 */
export function parseUntrustedJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return {
      ok: false,
      problem:
        text.trim() === ''
          ? 'it is empty'
          : `it is not valid JSON${position ? ` (unreadable at position ${position})` : ''}`,
    };
  }
}
