/**
 * The request half of PUT /v1/operator/autopilot/configuration, the same in both products
 * (consul-operator-api.md §4.5, nomad-operator-api.md §3.4): the body is decoded first,
 * then `?cas`, each failing with its own 400 text; forwarding and the ACL check come
 * after, in the product's handler.
 */
import { goParseUint } from './go-strconv.js';
import { queryGet, type GoQuery } from './go-url.js';

export function readAutopilotWrite<V>(
  decode: () => V,
  query: GoQuery,
  badRequest: (message: string) => Error,
): { values: V; cas: bigint | undefined } {
  let values: V;
  try {
    values = decode();
  } catch (e) {
    throw badRequest(`Error parsing autopilot config: ${(e as Error).message}`);
  }
  return { values, cas: parseCas(query, badRequest) };
}

/**
 * `?cas=<uint>`: absent → undefined (no CAS); unparsable, also empty, → the 400 text (also Nomad's scheduler, §3.6).
 */
export function parseCas(query: GoQuery, badRequest: (message: string) => Error): bigint | undefined {
  if (!query.has('cas')) return undefined;
  try {
    return goParseUint(queryGet(query, 'cas'));
  } catch (e) {
    throw badRequest(`Error parsing cas value: ${(e as Error).message}`);
  }
}

/** The reply body: a non-CAS write always answers `true`; a CAS write whether it applied (200 either way). */
export function autopilotWriteReply(cas: bigint | undefined, applied: boolean): boolean {
  return cas === undefined ? true : applied;
}
