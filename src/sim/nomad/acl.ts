/**
 * Nomad token handling and the operator endpoints' ACL checks
 * (nomad-operator-api.md §1.2, §1.8): `X-Nomad-Token` or `Authorization: Bearer`, no
 * `?token=`; ACLs disabled = management for everyone; with ACLs on, an empty token is
 * the anonymous policy (no operator rights here) and *any* authentication failure
 * (unknown secret, non-UUID string tried as a JWT) is `Permission denied` — never
 * "ACL token not found" (N:nomad/operator_endpoint.go:48-55).
 */

/**
 * `operator { policy = … }` and `agent { policy = "write" }` rules, and variable capabilities on the default namespace
 * (`namespace "default" { variables { path "*" { capabilities = ["read", "write"] } } }`,
 * every path: a simplification). Variable `write` does not imply `read`.
 */
export type NomadCapability =
  | 'operator:read'
  | 'operator:write'
  | 'variables:read'
  | 'variables:write'
  | 'variables:destroy'
  | 'agent:write'
  | 'node:read';

export interface NomadAclTokenSpec {
  secret: string;
  accessorId?: string;
  type: 'management' | 'client';
  /**
   * Policy rules `operator { policy = "read" | "write" }` (write implies read), `agent { policy = "write" }`,
   * `node { policy = "read" }`.
   */
  capabilities?: NomadCapability[];
}

export interface NomadAclSpec {
  enabled: boolean;
  tokens: NomadAclTokenSpec[];
}

/**
 * What an endpoint requires: `management` for raft (§3.1-§3.3), operator read/write for
 * autopilot and scheduler (§3.4-§3.6), agent:write for the gossip keyring (§3.8), node:read for
 * the serf members (N:nomad/status_endpoint.go:92-97), variable capabilities for /v1/var.
 */
export type NomadPermission = 'management' | NomadCapability;

/** structs.ErrPermissionDenied; `wrap` maps any error ending in it to 403 (§1.5). */
export const PERMISSION_DENIED = 'Permission denied';

/** parseToken (N:command/agent/http.go:1031-1069); headers are lower-cased by node. */
export function requestToken(headers: Record<string, string>): string {
  const header = headers['x-nomad-token'] ?? '';
  if (header !== '') return header.trim();
  const auth = headers['authorization'] ?? '';
  if (auth !== '') {
    const parts = auth.split(' ');
    if (parts.length > 1 && parts[0]!.toLowerCase() === 'bearer') {
      const value = parts.slice(1).join(' ').trim();
      return (value.split(' ')[0] ?? '').trim();
    }
  }
  return ''; // other schemes are ignored → anonymous
}

export class NomadAcl {
  readonly enabled: boolean;
  private readonly tokens = new Map<string, NomadAclTokenSpec>();

  constructor(spec?: NomadAclSpec) {
    this.enabled = spec?.enabled ?? false;
    for (const t of spec?.tokens ?? []) this.tokens.set(t.secret, t);
  }

  /** ACLs off, or a management token. */
  isManagement(secret: string): boolean {
    return !this.enabled || (secret !== '' && this.tokens.get(secret)?.type === 'management');
  }

  /** Throws `Permission denied` unless the secret grants `permission`. */
  authorize(secret: string, permission: NomadPermission): void {
    if (!this.enabled) return; // acl.ACLsDisabledACL is management (N:acl/acl.go:1024-1029)
    const token = secret === '' ? undefined : this.tokens.get(secret);
    if (secret !== '' && token === undefined) throw new Error(PERMISSION_DENIED);
    if (token?.type === 'management') return;
    const caps = token?.capabilities ?? []; // anonymous: no operator policy
    const ok =
      permission === 'operator:read'
        ? caps.includes('operator:read') || caps.includes('operator:write')
        : permission !== 'management' && caps.includes(permission);
    if (!ok) throw new Error(PERMISSION_DENIED);
  }
}
