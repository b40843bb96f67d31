import { createHash } from 'node:crypto';

/** A short, stable stand-in for a secret: enough to tell two apart, useless to an attacker. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

/** Replaces every occurrence of each secret in `text` with its fingerprint. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join(fingerprint(secret));
  }
  return result;
}
