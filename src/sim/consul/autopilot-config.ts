/**
 * GET and PUT /v1/operator/autopilot/configuration (consul-operator-api.md §4.5,
 * U:agent/operator_endpoint.go:240-315, U:agent/consul/operator_autopilot_endpoint.go:16-78).
 */
import { autopilotWriteReply, readAutopilotWrite } from '../autopilot-write.js';
import { decodeAutopilotBody } from './autopilot-body.js';
import { autopilotJson } from './autopilot-values.js';
import { authorize, forward, parseDc, parseQueryOptions } from './rpc.js';
import { HttpError, type ConsulRoute } from './transport.js';

export const autopilotConfigurationRoute: ConsulRoute = {
  path: '/v1/operator/autopilot/configuration',
  methods: ['GET', 'PUT'],
  async handle(call) {
    if (call.req.method === 'GET') {
      // Served by the leader unless ?stale (any server has the replicated config).
      const { dc: dcName, stale } = parseQueryOptions(call);
      const dc = await forward(call, dcName, { stale });
      authorize(call, 'operator:read');
      return { body: autopilotJson(dc.autopilot) };
    }

    // PUT: dc and token only, no s.parse. Body first, then ?cas, then the RPC.
    const dcName = parseDc(call);
    const { values, cas } = readAutopilotWrite(
      () => decodeAutopilotBody(call.req.body),
      call.query,
      (message) => new HttpError(400, message),
    );
    const dc = await forward(call, dcName, { stale: false });
    authorize(call, 'operator:write');
    return { body: autopilotWriteReply(cas, dc.writeAutopilot(values, cas)) };
  },
};
