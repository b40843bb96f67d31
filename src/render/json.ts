import type { Action, Step } from '../model/plan.js';
import type { PlanReport } from '../model/report.js';
import { OPSTACK_VERSION } from '../version.js';
import { snakeCaseKeys } from './json-keys.js';

/** Version of the JSON document; bump the major on any incompatible change. See docs/json-format.md. */
export const PLAN_FORMAT_VERSION = '1.0';

/** The machine-readable plan: printed by `--json` and saved by `--out`. See docs/json-format.md. */
export interface PlanDocument {
  readonly format_version: string;
  readonly opstack_version: string;
  readonly kind: 'plan' | 'drift';
  readonly has_changes: boolean;
  readonly errored: boolean;
  readonly summary: { readonly add: number; readonly change: number; readonly destroy: number };
  readonly stacks: readonly {
    readonly name: string;
    /** The target with snake_case keys (`ca_file`, `cert_file`, `key_file`). */
    readonly target: Readonly<Record<string, unknown>>;
    readonly observed: readonly { readonly address: string; readonly datacenter: string; readonly version: string }[];
  }[];
  readonly resource_changes: readonly {
    readonly address: string;
    readonly stack: string;
    readonly type: string;
    readonly name: string;
    readonly construct_path: string;
    readonly action: Action;
    readonly before: Readonly<Record<string, unknown>> | null;
    readonly after: Readonly<Record<string, unknown>> | null;
    readonly changed_attributes: readonly string[];
    readonly notes: readonly string[];
  }[];
  readonly steps: readonly (Step & { readonly stack: string })[];
  readonly errors: readonly { readonly stack: string; readonly code: string; readonly message: string; readonly hint: string | null }[];
  /** Problems in the stacks, keys in snake_case (`construct_path`). */
  readonly diagnostics: readonly Readonly<Record<string, unknown>>[];
}

export function toPlanDocument(report: PlanReport): PlanDocument {
  const { plan } = report;
  return {
    format_version: PLAN_FORMAT_VERSION,
    opstack_version: OPSTACK_VERSION,
    kind: report.mode,
    has_changes: plan.hasChanges,
    errored: report.failures.length > 0 || report.diagnostics.some((d) => d.severity === 'error'),
    summary: plan.summary,
    stacks: plan.stacks.map((s) => ({
      name: s.name,
      target: snakeCaseKeys(s.target) as Record<string, unknown>,
      observed: s.observed.map((o) => ({ address: o.address, datacenter: o.datacenter, version: o.version })),
    })),
    resource_changes: plan.stacks.flatMap((s) =>
      s.changes.map((c) => ({
        address: c.address,
        stack: c.stack,
        type: c.type,
        name: c.name,
        construct_path: c.constructPath,
        action: c.action,
        before: c.before,
        after: c.after,
        changed_attributes: c.changes.map((a) => a.attribute),
        notes: c.notes,
      })),
    ),
    steps: plan.stacks.flatMap((s) => s.steps.map((step) => ({ stack: s.name, ...step }))),
    errors: report.failures.map((f) => ({ stack: f.stack, code: f.code, message: f.message, hint: f.hint ?? null })),
    diagnostics: snakeCaseKeys(report.diagnostics) as PlanDocument['diagnostics'],
  };
}

export function renderReportJson(report: PlanReport): string {
  return JSON.stringify(toPlanDocument(report), null, 2) + '\n';
}
