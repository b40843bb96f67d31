/** Exit codes, as Terraform's `-detailed-exitcode` defines them. */
export const EXIT = {
  ok: 0,
  error: 1,
  /** Only from `plan --detailed-exitcode` and `drift`: succeeded, and there are changes. */
  changes: 2,
} as const;
