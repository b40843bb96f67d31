// What golden files mask: the parts of an output that differ per release or per run.

/** The JSON document's `opstack_version`, which changes with every release. */
export const withoutVersion = (json: string) =>
  json.replace(/"opstack_version": "[^"]+"/, '"opstack_version": "<version>"');

/** A simulator's port, which the OS picks per run. */
export const withoutPorts = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
