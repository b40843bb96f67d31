import type { ResourceRef } from '../model/resources.js';

/** A resource's address, `<stack>/<type>.<name>`, as plans, live state and output name it. */
export function resourceAddress(ref: Pick<ResourceRef, 'stack' | 'type' | 'name'>): string {
  return `${ref.stack}/${ref.type}.${ref.name}`;
}
