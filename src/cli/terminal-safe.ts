/**
 * The last guard between a run and the terminal: names, paths and answers come from stacks,
 * manifests, environment variables and servers, and a control character among them (an escape
 * sequence that clears the screen, sets the window title or hides text; a NUL; a bare carriage
 * return) would act on the user's terminal or CI log instead of being read. Each is shown as its
 * `\u001b`-style escape, as messages that quote a value with JSON.stringify already show it. Kept:
 * newlines and tabs, and, when stdout is a terminal, the colour codes (SGR) and the progress
 * line's `\r\u001b[2K` opstack itself writes.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const OWN_SEQUENCES = /\r\u001b\[2K|\u001b\[[0-9;]*m/g;

export function terminalSafe(text: string, terminal: boolean): string {
  if (!terminal) return escapeControls(text);
  let result = '';
  let from = 0;
  for (const match of text.matchAll(OWN_SEQUENCES)) {
    result += escapeControls(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return result + escapeControls(text.slice(from));
}

function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
