import type { ErrorCode } from './errors.js';
import type { KeyReference } from './keyring.js';
import type { DesiredResource, ResourceType } from './resources.js';
import type { ClusterIdentity, Target } from './target.js';
import type { Note, NoteSeverity } from './notes.js';

/** The closed set of things a plan can do to a resource. Switch on it exhaustively. */
export type Action = 'create' | 'update' | 'delete' | 'no-op';

/** One attribute that differs, by its Terraform name, with values as the user would write them. */
export interface AttributeChange {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ResourceChange {
  /** `<stack>/<type>.<name>` */
  readonly address: string;
  readonly stack: string;
  readonly type: ResourceType;
  readonly name: string;
  readonly constructPath: string;
  readonly action: Action;
  /** Managed attributes as live (null when the resource does not exist). */
  readonly before: Readonly<Record<string, unknown>> | null;
  /** Managed attributes as declared (null for delete). */
  readonly after: Readonly<Record<string, unknown>> | null;
  /** Only attributes that differ, sorted by name. */
  readonly changes: readonly AttributeChange[];
  /** How many managed attributes are equal (for "N unchanged attributes hidden"). */
  readonly unchangedCount: number;
  /**
   * For a deletion no resource names but a declaration implies (an undeclared network area, a peer
   * declared absent): the address of that declaration. Such a change is named `<type>[<which>]`.
   * Null for a resource the stack declares itself.
   */
  readonly impliedBy: string | null;
  /**
   * Facts and risks for reviewers, computed from the live state (keyring coverage, failure
   * tolerance, settings that endanger the cluster); display only, apply never reads them.
   */
  readonly notes: readonly Note[];
}

/**
 * The server's own check: the write carries `?cas=<ModifyIndex>`, and Consul or Nomad refuse it
 * when the object changed since it was read (consul-operator-api.md §4.5). Apply checks nothing.
 */
export interface CasCheck {
  readonly kind: 'cas';
  readonly modifyIndex: number;
}

/** A condition on the gossip keyring of every pool, measured by apply on a fresh keyring read. */
export type KeyringCondition =
  /** Every node of every pool has these keys (so one may become primary). */
  | { readonly kind: 'keys-installed'; readonly fingerprints: readonly string[] }
  /** No node of any pool has a key other than these (removals have reached every node). */
  | { readonly kind: 'only-keys'; readonly fingerprints: readonly string[] }
  /** Every node of every pool has this key as its primary. */
  | { readonly kind: 'key-primary'; readonly fingerprint: string }
  /**
   * This key may be removed: no node of any pool uses it as primary, and every node has every
   * key in `keep`, so removing it cannot leave a node without a declared key.
   */
  | { readonly kind: 'safe-to-remove'; readonly fingerprint: string; readonly keep: readonly string[] };

/**
 * A raft guard: removing this peer is still safe, re-judged by apply on a fresh read just before
 * the DELETE by the same rules as when planning (plan/raft-guards.ts): not the leader, gone unless
 * `allowLive`, quorum and MinQuorum kept, failure tolerance not lowered (or not below
 * `minFailureTolerance`), no unhealthy server other than those removed after it.
 */
export interface RaftGuard {
  readonly kind: 'peer-removable';
  readonly id: string;
  readonly allowLive: boolean;
  readonly minFailureTolerance?: number;
  readonly laterRemovals: readonly string[];
}

/** What must still hold when a write runs, by who checks it: the server, or apply just before. */
export type Precondition = CasCheck | KeyringCondition | RaftGuard;

/**
 * What a successful answer looks like: `cas-true`, a 200 whose body is `true` (a `false` means
 * the check-and-set lost a race); `updated-true`, a 200 whose body is an object with
 * `"Updated": true` (Nomad's scheduler configuration, nomad-operator-api.md §3.6); `status-200`,
 * any 200.
 */
export type Expectation = 'cas-true' | 'updated-true' | 'status-200';

/**
 * Where a write's key comes from at apply time: the stack's reference (read again, and checked
 * against the fingerprint planned), or the live keyring (a key being removed, found by fingerprint).
 */
export type KeySource =
  | { readonly kind: 'reference'; readonly reference: KeyReference; readonly fingerprint: string }
  | { readonly kind: 'live'; readonly fingerprint: string };

interface StepBase {
  /** 1-based position in the stack's steps. */
  readonly index: number;
  readonly address: string;
  readonly description: string;
}

/** One HTTP write, fully specified: apply sends exactly this (a key, if any, filled in from `key`). */
export interface HttpStep extends StepBase {
  readonly kind: 'http';
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Request body; never holds a secret (a key shows as its fingerprint). */
  readonly body: unknown;
  /** When set, the body's `Key` is this key, resolved at apply time. */
  readonly key?: KeySource;
  readonly precondition?: Precondition;
  readonly expect: Expectation;
}

/** A gate: poll until the condition holds in every pool, or fail after the wait timeout. */
export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  /** The path of the GET it polls (`/v1/operator/keyring`, `/v1/agent/keyring/list`), for display. */
  readonly polls: string;
  readonly until: KeyringCondition;
}

export type Step = HttpStep | WaitStep;

/**
 * Why opstack will not plan a resource: a guard that protects the cluster, or a declaration the
 * servers cannot honour. A verdict, not a failure of opstack: planners return it as data, and the
 * stack it belongs to is reported as failed, with nothing planned for it.
 */
export interface Refusal {
  readonly address: string;
  readonly code: Extract<ErrorCode, 'GuardRefused' | 'UnsupportedByServer'>;
  /** What is refused and by which rule, with the numbers that decided it. */
  readonly message: string;
  /** What to check or do next. */
  readonly hint: string;
}

/** What the plan saw of a live object, so a saved plan can tell whether it went stale. */
export interface Observation {
  readonly address: string;
  /** The datacenter the object was read from, so apply can read it again. */
  readonly datacenter: string;
  /**
   * What identifies this state of the object: `modify-index:<n>` where the API keeps a raft
   * ModifyIndex, else a hash of the object as read. Any change means the plan is stale.
   */
  readonly version: string;
}

export interface StackPlan {
  readonly name: string;
  readonly target: Target;
  /**
   * The desired resources the plan was made from (keys as references and fingerprints). Apply
   * re-reads and verifies against them; a saved plan's must equal what the stacks declare then.
   */
  readonly declared: readonly DesiredResource[];
  /** Which cluster the plan was made against; recorded when a plan is saved, checked when it is applied. */
  readonly cluster?: ClusterIdentity;
  readonly changes: readonly ResourceChange[];
  readonly steps: readonly Step[];
  readonly observed: readonly Observation[];
  /** Counts of this stack's changes, by action. */
  readonly summary: PlanSummary;
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** How many notes of each severity the changes carry. */
  readonly notes: Readonly<Record<NoteSeverity, number>>;
}

/** A plan is plain data: same inputs, same plan. Apply interprets its steps. */
export interface Plan {
  readonly stacks: readonly StackPlan[];
  readonly summary: PlanSummary;
  /** True when some stack has a step to run: what `--detailed-exitcode` and drift report. */
  readonly hasChanges: boolean;
}
