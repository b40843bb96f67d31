/**
 * GET /v1/status/leader (consul-operator-api.md §1, U:agent/status_endpoint.go:12-23,
 * U:agent/consul/status_endpoint.go): the leader's raft address as a JSON string, or
 * `""` without a leader. No ACL check and no leader needed; other DCs are forwarded.
 */
import { forward, parseQueryOptions } from './rpc.js';
import type { ConsulRoute } from './transport.js';

export const statusLeaderRoute: ConsulRoute = {
  path: '/v1/status/leader',
  methods: ['GET'],
  async handle(call) {
    const { dc: dcName } = parseQueryOptions(call);
    const dc = await forward(call, dcName, { stale: true });
    return { body: dc.leader()?.address ?? '' };
  },
};
