import type { DesiredResource, LiveResource } from './resources.js';
import type { Target } from './target.js';

/** One stack's desired state: the cluster it targets and what it declares there. */
export interface DesiredStack {
  readonly name: string;
  readonly target: Target;
  /** Sorted by address. */
  readonly resources: readonly DesiredResource[];
}

/** Live state keyed by resource address. */
export type LiveState = ReadonlyMap<string, LiveResource>;
