import { readFileSync } from 'node:fs';
import type { Environment } from '../api/connection.js';
import type { KeyReference } from '../model/keyring.js';
import { describeReference } from './describe-reference.js';

export type KeyRead = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly problem: string };

/** Reads the key a reference points at. Problems name the reference, never the value. */
export function readKeyReference(reference: KeyReference, env: Environment): KeyRead {
  const where = describeReference(reference);
  let raw: string | undefined;
  if (reference.source === 'env') {
    raw = env[reference.name];
    if (raw === undefined || raw.trim() === '')
      return { ok: false, problem: `${where}: the environment variable ${reference.name} is not set.` };
  } else {
    try {
      raw = readFileSync(reference.name, 'utf8');
    } catch {
      return { ok: false, problem: `${where}: the file cannot be read.` };
    }
  }
  const key = raw.trim();
  const problem = gossipKeyProblem(key);
  return problem ? { ok: false, problem: `${where}: ${problem}` } : { ok: true, key };
}

/**
 * Why a value is not a gossip key Consul accepts, or undefined: standard base64 with padding
 * (Go's StdEncoding, consul-operator-api.md §4.4) of 16, 24 or 32 bytes, in canonical form. Never
 * quotes the value.
 */
export function gossipKeyProblem(key: string): string | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(key) || key === '') {
    return 'the value is not standard, padded base64.';
  }
  const bytes = Buffer.from(key, 'base64');
  if (![16, 24, 32].includes(bytes.length))
    return `the key decodes to ${bytes.length} bytes; Consul needs 16, 24 or 32.`;
  // Consul keeps the canonical text of the bytes, so a key with padding bits set would never match it.
  if (bytes.toString('base64') !== key) {
    return (
      'the value is not canonical base64: the unused (padding) bits of its last ' +
      'character before "=" are set, so Consul would store and report a different ' +
      'text for the same key. Re-encode it (`consul keygen` prints canonical keys).'
    );
  }
  return undefined;
}
