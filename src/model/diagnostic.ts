/**
 * A problem found in the user's input. Loaders collect every diagnostic instead of stopping at
 * the first, so a user sees all of them at once (Terraform's tfdiags).
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** One line: what is wrong. */
  readonly summary: string;
  /** What to do about it. */
  readonly detail?: string;
  /** The stack the problem is in. */
  readonly stack?: string;
  /** The construct path from the synthesised metadata, e.g. `dc1/autopilot`. */
  readonly constructPath?: string;
  /** The synthesised JSON holds a secret in clear here (a token in a provider block); messages say which file. */
  readonly holdsSecret?: boolean;
}
