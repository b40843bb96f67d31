import type { KeyringPool } from '../model/keyring.js';
import { fingerprint } from '../util/fingerprint.js';

/** The live keyring's pools, and a private fingerprint → key map for writes that must name a live key. */
export interface KeyringRead {
  readonly pools: readonly KeyringPool[];
  readonly keysByFingerprint: ReadonlyMap<string, string>;
}

/**
 * Turns a keyring answer's key → count maps into fingerprint → count, at the edge, so nothing
 * past the reader holds key material except `keysByFingerprint`, which apply uses to remove a
 * live key.
 */
export function keyFingerprinter(): {
  byFingerprint(counts: Readonly<Record<string, number>> | undefined): Record<string, number>;
  keysByFingerprint: ReadonlyMap<string, string>;
} {
  const keysByFingerprint = new Map<string, string>();
  const byFingerprint = (counts: Readonly<Record<string, number>> = {}) => {
    const result: Record<string, number> = {};
    for (const [key, count] of Object.entries(counts)) {
      const print = fingerprint(key);
      keysByFingerprint.set(print, key);
      result[print] = count;
    }
    return result;
  };
  return { byFingerprint, keysByFingerprint };
}
