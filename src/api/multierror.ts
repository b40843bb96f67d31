/**
 * The items of a go-multierror text, which Consul answers with a 500 when a keyring call failed in
 * some pool (consul-operator-api.md §4.4, "HTTP result"): `2 errors occurred:\n\t* <e1>\n\t* <e2>\n\n`.
 * One reader of that format, so apply and the keyring reader agree on it.
 */
export function multierrorItems(body: string): string[] {
  return [...body.matchAll(/\t\* ([^\n]+)/g)].map((match) => match[1] ?? '');
}
