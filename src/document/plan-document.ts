import type { Note } from '../model/notes.js';
import type { Action, PlanSummary } from '../model/plan.js';

/**
 * Version of the plan document; the major changes on any incompatible change, and a saved plan
 * whose major differs is refused. 2.0: saved plans record their desired state and cluster, every
 * key is snake_case. See docs/json-format.md.
 */
export const PLAN_FORMAT_VERSION = '2.0';

/** A JSON object with snake_case keys whose values the renderers show as they are. */
export type Attributes = Readonly<Record<string, unknown>>;

/** The machine-readable plan: printed by `--json`, saved by `--out`, read by `show` and `apply`. */
export interface PlanDocument {
  readonly format_version: string;
  readonly opstack_version: string;
  readonly kind: 'plan' | 'drift';
  readonly has_changes: boolean;
  readonly errored: boolean;
  /** Changes per action, and `notes` per severity. */
  readonly summary: PlanSummary;
  readonly stacks: readonly StackDocument[];
  readonly resource_changes: readonly ChangeDocument[];
  readonly steps: readonly StepDocument[];
  readonly errors: readonly {
    readonly stack: string;
    readonly code: string;
    readonly message: string;
    readonly hint: string | null;
  }[];
  readonly diagnostics: readonly DiagnosticDocument[];
}

export interface StackDocument {
  readonly name: string;
  /** `product`, `address`, `scheme`, `datacenter`/`region`, `ca_file`, `cert_file`, `key_file`. */
  readonly target: Attributes;
  /** Saved plans only: the cluster the plan was made against. */
  readonly cluster?: { readonly address: string; readonly scope: string; readonly server_ids: readonly string[] };
  /** What the stack declared, keys as references and fingerprints. */
  readonly declared: readonly Attributes[];
  readonly observed: readonly { readonly address: string; readonly datacenter: string; readonly version: string }[];
}

export interface ChangeDocument {
  readonly address: string;
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly construct_path: string;
  readonly action: Action;
  readonly before: Attributes | null;
  readonly after: Attributes | null;
  readonly changed_attributes: readonly string[];
  /** The values each changed attribute goes from and to, as the plan shows them. */
  readonly attribute_changes: readonly {
    readonly attribute: string;
    readonly before?: unknown;
    readonly after?: unknown;
  }[];
  readonly unchanged_count: number;
  /** The declaration that implies this deletion (`impliedBy`); null for a declared resource. */
  readonly implied_by: string | null;
  /** `{ code, severity, message }`: facts and risks (docs/risk-notes.md). */
  readonly notes: readonly Note[];
}

/** A step with its stack; preconditions and key sources in snake_case, `body` exactly as sent. */
export type StepDocument = Attributes & {
  readonly stack: string;
  readonly index: number;
  readonly kind: 'http' | 'wait';
};

export interface DiagnosticDocument {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly stack?: string;
  readonly construct_path?: string;
}
