import { describe, expect, it } from 'vitest';
import { JSON_TYPE, TEXT, call, withNomad } from './helpers.js';

const SCHEDULER = '/v1/operator/scheduler/configuration';

/** go-msgpack sorts struct fields by name (observed-real-servers.md "Smaller differences", nomad/encode.ts). */
const DEFAULT_CONFIG =
  '{"CreateIndex":4,"MemoryOversubscriptionEnabled":false,"ModifyIndex":4,"NodeLimitForFeasibilityChecks":0,' +
  '"PauseEvalBroker":false,"PreemptionConfig":{"BatchSchedulerEnabled":false,"ServiceSchedulerEnabled":false,' +
  '"SysBatchSchedulerEnabled":false,"SystemSchedulerEnabled":true},"RejectJobRegistration":false,' +
  '"SchedulerAlgorithm":"binpack"}';

const FULL_BODY = JSON.stringify({
  SchedulerAlgorithm: 'spread',
  PreemptionConfig: {
    SystemSchedulerEnabled: true,
    SysBatchSchedulerEnabled: true,
    BatchSchedulerEnabled: false,
    ServiceSchedulerEnabled: true,
  },
  MemoryOversubscriptionEnabled: true,
  RejectJobRegistration: false,
  PauseEvalBroker: false,
  NodeLimitForFeasibilityChecks: 0,
});

describe('GET /v1/operator/scheduler/configuration (nomad-operator-api.md §3.6)', () => {
  it('§3.6 nests the defaults in SchedulerConfig with the flattened QueryMeta; §1.7 setMeta headers', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'GET', SCHEDULER);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, JSON_TYPE]);
      expect(res.text).toBe(
        `{"Index":4,"KnownLeader":true,"LastContact":0,"NextToken":"","SchedulerConfig":${DEFAULT_CONFIG}}`,
      );
      expect(res.headers.get('x-nomad-index')).toBe('4');
      expect(res.headers.get('x-nomad-lastcontact')).toBe('0');
      expect(res.headers.get('x-nomad-knownleader')).toBe('true');
      expect(sim.region().schedulerConfig()).toEqual(JSON.parse(DEFAULT_CONFIG));
    }));

  it('§3.6 the agent default_scheduler_config applies; §5 a v2.0.0 server has no NodeLimitForFeasibilityChecks', () =>
    withNomad(
      {
        regions: [
          {
            name: 'global',
            scheduler: { SchedulerAlgorithm: 'spread' },
            schedulerFieldsAbsent: ['NodeLimitForFeasibilityChecks'],
          },
        ],
      },
      async (sim) => {
        const config = JSON.parse((await call(sim, 'GET', SCHEDULER)).text).SchedulerConfig;
        expect(config.SchedulerAlgorithm).toBe('spread');
        expect(Object.keys(config)).not.toContain('NodeLimitForFeasibilityChecks');
      },
    ));

  it('§1.5/§1.8 operator:read is needed: an unknown token is 403 Permission denied', () =>
    withNomad(
      { acl: { enabled: true, tokens: [{ secret: 'reader', type: 'client', capabilities: ['operator:read'] }] } },
      async (sim) => {
        expect((await call(sim, 'GET', SCHEDULER, { headers: { 'X-Nomad-Token': 'reader' } })).status).toBe(200);
        const denied = await call(sim, 'GET', SCHEDULER, { headers: { 'X-Nomad-Token': 'nobody' } });
        expect([denied.status, denied.text]).toEqual([403, 'Permission denied']);
      },
    ));

  it('§2 methods other than GET, PUT and POST are 405 "Invalid method"', () =>
    withNomad({}, async (sim) => {
      for (const method of ['DELETE', 'PATCH']) {
        const res = await call(sim, method, SCHEDULER);
        expect([method, res.status, res.text, res.headers.get('content-type')]).toEqual([
          method,
          405,
          'Invalid method',
          TEXT,
        ]);
      }
    }));
});

describe('PUT/POST /v1/operator/scheduler/configuration (nomad-operator-api.md §3.6)', () => {
  it('§3.6 a non-CAS write answers {"Index":N,"Updated":true} with X-Nomad-Index; ModifyIndex is that entry', () =>
    withNomad({}, async (sim) => {
      sim.region().bumpRaftIndex(10);
      const res = await call(sim, 'PUT', SCHEDULER, { body: FULL_BODY });
      expect([res.status, res.text, res.headers.get('x-nomad-index')]).toEqual([
        200,
        '{"Index":16,"Updated":true}',
        '16',
      ]);
      expect(sim.region().schedulerConfig()).toMatchObject({
        SchedulerAlgorithm: 'spread',
        CreateIndex: 4,
        ModifyIndex: 16,
      });
    }));

  it('§3.6 CAS: the current ModifyIndex applies; a stale one is 200 Updated:false and still consumes an index', () =>
    withNomad({}, async (sim) => {
      const applied = await call(sim, 'POST', `${SCHEDULER}?cas=4`, { body: FULL_BODY });
      expect(applied.text).toBe('{"Index":6,"Updated":true}');
      const stale = await call(sim, 'PUT', `${SCHEDULER}?cas=4`, { body: '{"SchedulerAlgorithm":"binpack"}' });
      expect([stale.status, stale.text, stale.headers.get('x-nomad-index')]).toEqual([
        200,
        '{"Index":7,"Updated":false}',
        '7',
      ]);
      expect(sim.region().schedulerConfig()).toMatchObject({ SchedulerAlgorithm: 'spread', ModifyIndex: 6 });
      expect(sim.region().raftIndex()).toBe(7);
    }));

  it(
    '§3.6 a full replacement: omitted fields become zero/false, ' + '"" is stored as binpack, unknown keys are ignored',
    () =>
      withNomad({}, async (sim) => {
        await call(sim, 'PUT', SCHEDULER, {
          body: '{"schedulerAlgorithm":"","MemoryOversubscriptionEnabled":true,"Bogus":1}',
        });
        expect(sim.region().schedulerConfig()).toMatchObject({
          SchedulerAlgorithm: 'binpack',
          MemoryOversubscriptionEnabled: true,
          PreemptionConfig: {
            SystemSchedulerEnabled: false,
            SysBatchSchedulerEnabled: false,
            BatchSchedulerEnabled: false,
            ServiceSchedulerEnabled: false,
          },
        });
      }),
  );

  it('§3.6 validation order: decode error, then the algorithm, then ?cas — each a 400 that writes nothing', () =>
    withNomad({}, async (sim) => {
      const cases: [string, string, string][] = [
        [
          '',
          '{"PreemptionConfig":{"SystemSchedulerEnabled":"yes"}}',
          'Error parsing scheduler config: json: cannot unmarshal string into Go struct ' +
            'field SchedulerConfiguration.PreemptionConfig.SystemSchedulerEnabled of type bool',
        ],
        ['?cas=x', '{"SchedulerAlgorithm":"random"}', 'invalid scheduler algorithm: random'],
        [
          '?cas=x',
          '{"SchedulerAlgorithm":"spread"}',
          'Error parsing cas value: strconv.ParseUint: parsing "x": invalid syntax',
        ],
      ];
      for (const [query, body, message] of cases) {
        const res = await call(sim, 'PUT', SCHEDULER + query, { body });
        expect([res.status, res.text]).toEqual([400, message]);
      }
      const empty = await call(sim, 'PUT', SCHEDULER);
      expect([empty.status, empty.text]).toEqual([400, 'Error parsing scheduler config: Request body is empty']);
      expect(sim.region().schedulerConfig().ModifyIndex).toBe(4);
    }));

  it('§1.8 a write needs operator:write: an operator:read token is 403', () =>
    withNomad(
      { acl: { enabled: true, tokens: [{ secret: 'reader', type: 'client', capabilities: ['operator:read'] }] } },
      async (sim) => {
        const res = await call(sim, 'PUT', SCHEDULER, { body: FULL_BODY, headers: { 'X-Nomad-Token': 'reader' } });
        expect([res.status, res.text]).toEqual([403, 'Permission denied']);
        expect(sim.region().schedulerConfig().SchedulerAlgorithm).toBe('binpack');
      },
    ));

  it('§1.6 without a leader a write fails 500 No cluster leader; a ?stale read still answers, KnownLeader false', () =>
    withNomad({}, async (sim) => {
      sim.faults.noLeader('global', true);
      const write = await call(sim, 'PUT', SCHEDULER, { body: FULL_BODY });
      expect([write.status, write.text]).toEqual([500, 'No cluster leader']);
      const read = await call(sim, 'GET', `${SCHEDULER}?stale`);
      expect([read.status, JSON.parse(read.text).KnownLeader, read.headers.get('x-nomad-knownleader')]).toEqual([
        200,
        false,
        'false',
      ]);
    }));
});
