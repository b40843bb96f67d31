/**
 * Consul ACL token resolution and permission checks as the operator endpoints see
 * them (consul-operator-api.md §2.5). Permissions are `<resource>:<level>` strings
 * such as `operator:read`, `key:write`, `session:write`; `write` implies `read`; `management`
 * allows everything. A rule covers every key / node (no prefixes: a simplification).
 */
import type { GoQuery } from '../go-url.js';
import { queryGet } from '../go-url.js';
import { uuidFrom } from '../uuid.js';

export interface SimAclToken {
  secret: string;
  accessorId?: string;
  permissions: string[];
}

export interface SimAclSpec {
  enabled: boolean;
  tokens: SimAclToken[];
  /**
   * `acl.default_policy`; only sent as a header and used for tokens without a matching rule. Default "deny" when
   * enabled.
   */
  defaultPolicy?: 'allow' | 'deny';
}

/** The built-in anonymous token (U:acl/acl.go:12-14). */
const ANONYMOUS_SECRET = 'anonymous';
const ANONYMOUS_ACCESSOR = '00000000-0000-0000-0000-000000000002';

/**
 * Token precedence (U:agent/http.go:1057-1120): non-empty `?token=` > non-empty
 * `X-Consul-Token` > `Authorization: Bearer <first word>` > the agent default ("").
 */
export function requestToken(query: GoQuery, headers: Record<string, string>): string {
  const fromQuery = queryGet(query, 'token');
  if (fromQuery !== '') return fromQuery;
  const header = headers['x-consul-token'] ?? '';
  if (header !== '') return header;
  const auth = headers['authorization'] ?? '';
  const parts = auth.split(' ');
  if (parts.length > 1 && parts[0]!.toLowerCase() === 'bearer') {
    const value = parts.slice(1).join(' ').trim();
    return (value.split(' ')[0] ?? '').trim();
  }
  return '';
}

interface ResolvedToken {
  accessorId: string;
  permissions: ReadonlySet<string>;
}

export class ConsulAcl {
  readonly enabled: boolean;
  readonly defaultPolicy: 'allow' | 'deny';
  private readonly tokens = new Map<string, ResolvedToken>();

  constructor(spec?: SimAclSpec) {
    this.enabled = spec?.enabled ?? false;
    // An agent without ACLs reports its (default) policy "allow" (U:agent/config/default.go:29-34).
    this.defaultPolicy = this.enabled ? (spec?.defaultPolicy ?? 'deny') : 'allow';
    for (const t of spec?.tokens ?? []) {
      this.tokens.set(t.secret, {
        accessorId: t.accessorId ?? uuidFrom(`accessor:${t.secret}`),
        permissions: new Set(t.permissions),
      });
    }
  }

  /**
   * Throws an Error whose text Consul would return (status follows from the text,
   * §2.3): `ACL not found` (403), `Permission denied: …` (403), `Cannot resolve root ACL` (500).
   */
  authorize(secret: string, permission: string, resource?: string): void {
    const token = this.resolve(secret);
    if (token === undefined || this.allows(token.permissions, permission)) return;
    // PermissionDeniedError (U:acl/errors.go): a named resource (a key, a node) follows as ` on "<name>"`.
    const on = resource === undefined ? '' : ` on "${resource}"`;
    if (secret === '' || secret === ANONYMOUS_SECRET) {
      throw new Error(
        `Permission denied: anonymous token lacks permission '${permission}'${on}. ` +
          'The anonymous token is used implicitly when a request does not specify a token.',
      );
    }
    throw new Error(
      `Permission denied: token with AccessorID '${token.accessorId}' lacks permission '${permission}'${on}`,
    );
  }

  /**
   * Whether the secret grants `permission`, for endpoints that filter what a token may not see
   * instead of refusing (U:agent/acl.go filterMembers); a secret that does not resolve still throws.
   */
  permits(secret: string, permission: string): boolean {
    const token = this.resolve(secret);
    return token === undefined || this.allows(token.permissions, permission);
  }

  /** The token behind a secret; undefined when ACLs are off (U:agent/consul/acl.go:1058-1060). */
  private resolve(secret: string): ResolvedToken | undefined {
    if (!this.enabled) return undefined;
    if (secret === 'allow' || secret === 'deny' || secret === 'manage') throw new Error('Cannot resolve root ACL');
    const effective = secret === '' ? ANONYMOUS_SECRET : secret;
    const token = this.tokens.get(effective);
    if (token !== undefined) return token;
    if (effective === ANONYMOUS_SECRET) return { accessorId: ANONYMOUS_ACCESSOR, permissions: new Set() };
    throw new Error('ACL not found');
  }

  private allows(granted: ReadonlySet<string>, permission: string): boolean {
    if (granted.has('management') || granted.has(permission)) return true;
    const [resource, level] = permission.split(':');
    if (level === 'read' && granted.has(`${resource}:write`)) return true;
    const hasRuleForResource = [...granted].some((p) => p.startsWith(`${resource}:`));
    return !hasRuleForResource && this.defaultPolicy === 'allow';
  }
}
