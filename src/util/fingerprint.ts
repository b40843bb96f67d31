import { createHash } from 'node:crypto';

/** A short, stable stand-in for a secret: enough to tell two apart, useless to an attacker. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
