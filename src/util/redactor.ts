import { fingerprint } from './fingerprint.js';

/**
 * The one redaction machinery: every secret opstack learns during a run (gossip keys declared in
 * the stacks or read from a cluster, ACL tokens from the environment) is registered here, and
 * every text opstack prints or stores passes through `redact`, which replaces each form the
 * secret could take with its fingerprint. Server-written text additionally goes through
 * `scrubServerText`, which also catches key-like values opstack was never told about.
 */
export class Redactor {
  /** form → fingerprint of the secret it is a form of; longest forms are replaced first. */
  private readonly forms = new Map<string, string>();
  private ordered: string[] | undefined;

  /** A gossip key (standard base64): its padded, unpadded and base64url texts, its bytes and their hex. */
  addKey(key: string): void {
    const bytes = Buffer.from(key, 'base64');
    if (key.length === 0 || bytes.length === 0) return;
    const print = fingerprint(key);
    for (const form of keyForms(key, bytes)) this.addForm(form, print);
  }

  /** An ACL token (any text): as given, and its base64 and hex forms. */
  addToken(token: string): void {
    const trimmed = token.trim();
    if (trimmed.length === 0) return;
    const print = fingerprint(trimmed);
    const bytes = Buffer.from(trimmed, 'utf8');
    for (const form of [
      trimmed,
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
    ]) {
      this.addForm(form, print);
    }
  }

  /** `text` with every form of every registered secret replaced by the secret's fingerprint. */
  redact(text: string): string {
    if (this.forms.size === 0 || text.length === 0) return text;
    this.ordered ??= [...this.forms.keys()].sort((a, b) => b.length - a.length);
    let result = text;
    for (const form of this.ordered) {
      if (result.includes(form)) result = result.split(form).join(this.forms.get(form) ?? '');
    }
    return result;
  }

  /** Text a server wrote (error bodies, node messages): registered secrets and anything shaped like a gossip key. */
  scrubServerText(text: string): string {
    return scrubKeyLike(this.redact(text));
  }

  private addForm(form: string, print: string): void {
    // Very short forms would turn ordinary words into fingerprints; no real secret is that short.
    if (form.length < 8 || this.forms.has(form)) return;
    this.forms.set(form, print);
    this.ordered = undefined;
  }
}

function keyForms(key: string, bytes: Buffer): string[] {
  const standard = bytes.toString('base64');
  const url = standard.replace(/\+/g, '-').replace(/\//g, '_');
  const hex = bytes.toString('hex');
  return [
    key,
    standard,
    standard.replace(/=+$/, ''),
    url,
    url.replace(/=+$/, ''),
    hex,
    hex.toUpperCase(),
    bytes.toString('latin1'),
  ];
}

/** Gossip keys are 16, 24 or 32 bytes (consul-operator-api.md §4.4). */
const KEY_SIZES = [16, 24, 32];
const KEY_LIKE = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{22,64}={0,2}(?![A-Za-z0-9+/=_-])/g;

/**
 * Replaces runs that could be a gossip key in some encoding (base64 or base64url, padded or not,
 * or hex, of 16, 24 or 32 bytes) with a fingerprint. Words, paths and UUIDs do not have those
 * shapes; mixed case with a digit or a base64 symbol is required so that plain words survive.
 */
export function scrubKeyLike(text: string): string {
  return text.replace(KEY_LIKE, (run) => {
    if (/^[0-9a-fA-F]+$/.test(run) && KEY_SIZES.includes(run.length / 2))
      return fingerprint(Buffer.from(run, 'hex').toString('base64'));
    const bare = run.replace(/=+$/, '');
    const looksRandom = /[a-z]/.test(bare) && /[A-Z]/.test(bare) && /[0-9+/_-]/.test(bare);
    const bytes = Math.floor((bare.length * 6) / 8);
    if (!looksRandom || !KEY_SIZES.includes(bytes) || [1, 5].includes(bare.length % 4)) return run;
    return fingerprint(Buffer.from(bare.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('base64'));
  });
}
