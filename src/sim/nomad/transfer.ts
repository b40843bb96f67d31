/**
 * PUT|POST /v1/operator/raft/transfer-leadership (nomad-operator-api.md §3.3, since v1.7.0):
 * HTTP validation 400s in the reference's order, then the RPC (forward → management
 * ACL → target lookup, 400 when unknown — unlike peer removal's 500) and the reply
 * `{From, To, Noop, Err}`. Wording of the go-uuid / net/netip errors is from those
 * libraries and UNCONFIRMED in the reference; the order between "non-empty" and
 * "only one" for a repeated parameter is the reference's listing order (UNCONFIRMED).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { goQuote } from '../go-strconv.js';
import type { NomadServer } from './region.js';
import { authorize, forward, parseRegion } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadCall, type NomadReply } from './transport.js';

/** go-uuid ParseUUID's error, or undefined for a well-formed UUID. */
function uuidError(s: string): string | undefined {
  if (Buffer.byteLength(s) !== 36) return 'uuid string is wrong length';
  if (s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return 'uuid is improperly formatted';
  const hex = s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24);
  const bad = [...hex].find((c) => !/[0-9a-fA-F]/.test(c));
  if (bad === undefined) return undefined;
  const cp = bad.codePointAt(0)!;
  return `encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${bad}'`;
}

/** net/netip ParseAddrPort's error (literal IP:port only), or undefined. */
function addrPortError(s: string): string | undefined {
  const i = s.lastIndexOf(':');
  if (i < 0) return 'not an ip:port';
  let ip = s.slice(0, i);
  const port = s.slice(i + 1);
  if (ip === '') return 'no IP';
  if (port === '') return 'no port';
  const v6 = ip.startsWith('[');
  if (v6) {
    if (ip.length < 2 || !ip.endsWith(']')) return 'missing ]';
    ip = ip.slice(1, -1);
  }
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535) return `invalid port ${goQuote(port)} parsing ${goQuote(s)}`;
  if (!isIPv4(ip) && !isIPv6(ip)) return `ParseAddr(${goQuote(ip)}): unable to parse IP`;
  if (v6 && isIPv4(ip)) return `invalid ip:port ${goQuote(s)}, square brackets can only be used with IPv6 addresses`;
  if (!v6 && isIPv6(ip)) return `invalid ip:port ${goQuote(s)}, IPv6 addresses must be surrounded by square brackets`;
  return undefined;
}

/** The HTTP handler's checks (N:command/agent/operator_endpoint.go:91-139); returns the one given. */
function validate(call: NomadCall): { kind: 'id' | 'address'; value: string } {
  const ids = call.query.get('id');
  const addrs = call.query.get('address');
  if (ids === undefined && addrs === undefined) throw new CodedError(400, 'must specify id or address');
  if (ids !== undefined && addrs !== undefined) throw new CodedError(400, 'must specify either id or address');
  const kind = ids !== undefined ? 'id' : 'address';
  const values = (ids ?? addrs)!;
  if ((values[0] ?? '') === '') throw new CodedError(400, `${kind} must be non-empty`);
  if (values.length > 1) throw new CodedError(400, `must specify only one ${kind}`);
  const value = values[0]!;
  if (kind === 'id') {
    const err = uuidError(value);
    if (err) throw new CodedError(400, `id must be a uuid: ${err}`);
  } else {
    const err = addrPortError(value);
    if (err) throw new CodedError(400, `address must be in IP:port format: ${err}`);
  }
  return { kind, value };
}

const idAddress = (s: NomadServer) => ({ Address: s.address, ID: s.id });

export async function transferLeadership(call: NomadCall): Promise<NomadReply> {
  if (call.req.method !== 'PUT' && call.req.method !== 'POST') throw new CodedError(405, INVALID_METHOD);
  const { kind, value } = validate(call);
  const region = await forward(call, parseRegion(call), { stale: false });
  authorize(call, 'management');
  const from = region.leader()!;
  const target = region.servers.find((s) => (kind === 'id' ? s.id === value : s.address === value));
  if (target === undefined)
    throw new CodedError(400, `${kind} ${goQuote(value)} was not found in the Raft configuration`);
  if (target === from) return { body: { From: idAddress(from), To: idAddress(target), Noop: true, Err: null } };
  if (!target.voter || target.status !== 'alive') {
    // raft cannot hand leadership to a non-voter or an unreachable server (text UNCONFIRMED).
    throw new Error('failed to transfer leadership in 3 attempts. last error: leadership transfer timeout');
  }
  region.transferLeadership(target);
  return { body: { From: idAddress(from), To: idAddress(target), Noop: false, Err: null } };
}
