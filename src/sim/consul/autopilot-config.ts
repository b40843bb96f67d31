/**
 * GET and PUT /v1/operator/autopilot/configuration (consul-operator-api.md §4.5,
 * U:agent/operator_endpoint.go:240-315, U:agent/consul/operator_autopilot_endpoint.go:16-78).
 */
import { goParseUint } from '../go-strconv.js';
import { queryGet } from '../go-url.js';
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
    let values;
    try {
      values = decodeAutopilotBody(call.req.body);
    } catch (e) {
      throw new HttpError(400, `Error parsing autopilot config: ${(e as Error).message}`);
    }
    let cas: bigint | undefined;
    if (call.query.has('cas')) {
      try {
        cas = goParseUint(queryGet(call.query, 'cas'));
      } catch (e) {
        throw new HttpError(400, `Error parsing cas value: ${(e as Error).message}`);
      }
    }
    const dc = await forward(call, dcName, { stale: false });
    authorize(call, 'operator:write');
    const written = dc.writeAutopilot(values, cas);
    // Non-CAS writes always answer `true`; CAS answers whether it was applied.
    return { body: cas === undefined ? true : written };
  },
};
