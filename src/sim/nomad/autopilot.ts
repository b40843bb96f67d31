/**
 * GET and PUT /v1/operator/autopilot/configuration (nomad-operator-api.md §3.4;
 * N:command/agent/operator_endpoint.go:145-216, N:nomad/operator_endpoint.go:308-378).
 * Only GET and PUT — POST, like every other method, is 404 `Invalid method` (§2, §10.6).
 */
import { autopilotWriteReply, readAutopilotWrite } from '../autopilot-write.js';
import type { SimRequest } from '../http.js';
import { decodeAutopilotBody } from './autopilot-body.js';
import { autopilotBody } from './autopilot-values.js';
import { authorize, forward, parseQuery, parseRegion } from './rpc.js';
import { CodedError, INVALID_METHOD, type NomadHandler } from './transport.js';

/** Go's server gives handlers `http.NoBody` when the request has no body bytes announced. */
export function isNoBody(req: SimRequest): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || length.trim() === '0';
}

export const autopilotConfiguration: NomadHandler = async (call) => {
  if (call.req.method === 'GET') {
    const { region: name, stale } = parseQuery(call);
    const region = await forward(call, name, { stale });
    authorize(call, 'operator:read');
    // api.AutopilotConfiguration's MarshalJSON: duration strings; no index headers (§1.7).
    return { body: autopilotBody(region.autopilot) };
  }
  if (call.req.method !== 'PUT') throw new CodedError(404, INVALID_METHOD);

  // parseWriteRequest (no validation), then body, then ?cas, then the RPC.
  const name = parseRegion(call);
  const { values, cas } = readAutopilotWrite(
    () => decodeAutopilotBody(call.req.body, isNoBody(call.req)),
    call.query,
    (message) => new CodedError(400, message),
  );
  const region = await forward(call, name, { stale: false });
  authorize(call, 'operator:write');
  return { body: autopilotWriteReply(cas, region.writeAutopilot(values, cas)) }; // a bare JSON boolean
};
