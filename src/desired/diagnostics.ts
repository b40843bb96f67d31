import type { Diagnostic } from '../model/diagnostic.js';

/** Collects diagnostics for one place in one stack, so each decoder only says what is wrong. */
export class DiagnosticSink {
  readonly all: Diagnostic[] = [];

  error(where: { stack?: string; constructPath?: string }, summary: string, detail?: string): void {
    this.all.push({ severity: 'error', summary, ...(detail ? { detail } : {}), ...where });
  }

  /** An error about a secret the stack holds in clear: reported like `error`, and the file is named. */
  secret(where: { stack?: string; constructPath?: string }, summary: string, detail?: string): void {
    this.all.push({ severity: 'error', summary, ...(detail ? { detail } : {}), ...where, holdsSecret: true });
  }

  warning(where: { stack?: string; constructPath?: string }, summary: string, detail?: string): void {
    this.all.push({ severity: 'warning', summary, ...(detail ? { detail } : {}), ...where });
  }

  get hasErrors(): boolean {
    return this.all.some((d) => d.severity === 'error');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value that should have been an object is, for messages: "an array", "null", "a number". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** cdktf writes unresolved tokens and references as `${...}`; opstack has nothing to resolve them with. */
export function isUnresolvedReference(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A non-empty string that is not an unresolved cdktf reference: a value opstack can use as written. */
export function isLiteralString(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !isUnresolvedReference(value);
}
