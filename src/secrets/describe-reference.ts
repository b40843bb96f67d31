import type { KeyReference } from '../model/keyring.js';

/** How a key reference is named in messages (`env:NAME`, `file:PATH`): where the key is, never the key. */
export function describeReference(reference: KeyReference): string {
  return `${reference.source}:${reference.name}`;
}
