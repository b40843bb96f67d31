/** Every form a leaked key could take: base64 (padded or not, standard or URL alphabet), its raw bytes, and their hex. */
export function leakForms(key: string): string[] {
  const raw = Buffer.from(key, 'base64');
  const unpadded = key.replace(/=+$/, '');
  return [unpadded, raw.toString('base64url'), raw.toString('latin1'), raw.toString('hex'), raw.toString('hex').toUpperCase()];
}
