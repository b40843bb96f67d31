/**
 * Transport-level faults switched on at runtime by tests (DESIGN.md "The simulator":
 * 5xx, latency, dropped connections). Product-level faults (no leader, unhealthy
 * servers) live with the product state, e.g. consul/datacenter.ts.
 */

export interface RequestMatch {
  method?: string;
  path?: string;
}

export interface FailOptions extends RequestMatch {
  status?: number;
  body?: string;
}

interface FailRule extends RequestMatch {
  remaining: number;
  status: number;
  body: string;
}

interface DropRule extends RequestMatch {
  remaining: number;
}

/** Default injected body: the text a failed internal RPC typically surfaces with. */
export const DEFAULT_FAIL_BODY = 'rpc error: internal';

function matches(rule: RequestMatch, method: string, path: string): boolean {
  return (
    (rule.method === undefined || rule.method.toUpperCase() === method) &&
    (rule.path === undefined || rule.path === path)
  );
}

/** Rules are consumed first-registered first; each matching request uses up one. */
export class TransportFaults {
  /** Added before every request is handled, as an independent timer per request. */
  latencyMs = 0;
  private fails: FailRule[] = [];
  private drops: DropRule[] = [];

  failNext(n: number, opts: FailOptions = {}): void {
    if (n <= 0) return;
    this.fails.push({ ...opts, remaining: n, status: opts.status ?? 500, body: opts.body ?? DEFAULT_FAIL_BODY });
  }

  dropNext(n: number, opts: RequestMatch = {}): void {
    if (n <= 0) return;
    this.drops.push({ ...opts, remaining: n });
  }

  /** Consumes and returns the failure to inject for this request, if any. */
  takeFailure(method: string, path: string): { status: number; body: string } | undefined {
    return this.take(this.fails, method, path);
  }

  /** Consumes one drop rule; true when this request's connection must be destroyed. */
  takeDrop(method: string, path: string): boolean {
    return this.take(this.drops, method, path) !== undefined;
  }

  reset(): void {
    this.latencyMs = 0;
    this.fails = [];
    this.drops = [];
  }

  private take<T extends RequestMatch & { remaining: number }>(
    rules: T[],
    method: string,
    path: string,
  ): T | undefined {
    const rule = rules.find((r) => matches(r, method, path));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
    return rule;
  }
}
