import { describe, expect, it } from 'vitest';
import { CONFIG, JSON_TYPE, TEXT, call, withNomad } from './helpers.js';

const DEFAULT_BODY =
  '{"LastContactThreshold":"200ms","ServerStabilizationTime":"10s","CleanupDeadServers":true,"MaxTrailingLogs":250,' +
  '"MinQuorum":0,"EnableRedundancyZones":false,"DisableUpgradeMigration":false,"EnableCustomUpgrades":false,' +
  '"CreateIndex":3,"ModifyIndex":3}';

const ZERO = {
  CleanupDeadServers: false,
  LastContactThreshold: '0s',
  MaxTrailingLogs: 0,
  MinQuorum: 0,
  ServerStabilizationTime: '0s',
  EnableRedundancyZones: false,
  DisableUpgradeMigration: false,
  EnableCustomUpgrades: false,
};

describe('GET /v1/operator/autopilot/configuration (nomad-operator-api.md §3.4)', () => {
  it('§3.4 returns the defaults with string durations first, MinQuorum present, no index headers', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'GET', CONFIG);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      expect(res.headers.get('x-nomad-index')).toBeNull();
      expect(res.text).toBe(DEFAULT_BODY);
      expect(sim.region().autopilotConfig()).toEqual(JSON.parse(DEFAULT_BODY));
    }));

  it('§3.4 the region spec (agent autopilot {} block) is applied; durations print canonically', () =>
    withNomad(
      { regions: [{ name: 'global', autopilot: { LastContactThreshold: '90s', MaxTrailingLogs: 500 } }] },
      async (sim) => {
        const body = JSON.parse((await call(sim, 'GET', CONFIG)).text);
        expect(body).toMatchObject({ LastContactThreshold: '1m30s', MaxTrailingLogs: 500, CleanupDeadServers: true });
      },
    ));

  it('§1.3 ?pretty leaves the MarshalJSON body compact and adds a newline', () =>
    withNomad({}, async (sim) => {
      expect((await call(sim, 'GET', CONFIG + '?pretty')).text).toBe(DEFAULT_BODY + '\n');
      expect((await call(sim, 'GET', CONFIG + '?pretty=0')).text).toBe(DEFAULT_BODY);
    }));

  it('§2 POST, DELETE, PATCH and HEAD are 404 "Invalid method" (only GET and PUT)', () =>
    withNomad({}, async (sim) => {
      for (const method of ['POST', 'DELETE', 'PATCH']) {
        const res = await call(sim, method, CONFIG, { body: method === 'DELETE' ? undefined : '{}' });
        expect([method, res.status, res.text, res.headers.get('content-type')]).toEqual([
          method,
          404,
          'Invalid method',
          TEXT,
        ]);
      }
      expect((await call(sim, 'HEAD', CONFIG)).status).toBe(404);
      expect(sim.region().autopilotConfig().ModifyIndex).toBe(3);
    }));
});

describe('PUT /v1/operator/autopilot/configuration (nomad-operator-api.md §3.4)', () => {
  it('§3.4 non-CAS write answers bare true, ModifyIndex = raft index of the apply, CreateIndex kept', () =>
    withNomad({}, async (sim) => {
      const region = sim.region();
      region.bumpRaftIndex(40);
      const res = await call(sim, 'PUT', CONFIG, {
        body: '{"CleanupDeadServers":true,"LastContactThreshold":"1s","MaxTrailingLogs":300}',
      });
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([200, 'true', JSON_TYPE]);
      expect(res.headers.get('x-nomad-index')).toBeNull();
      const after = region.autopilotConfig();
      expect(after).toMatchObject({
        CreateIndex: 3,
        ModifyIndex: region.raftIndex(),
        MaxTrailingLogs: 300,
        LastContactThreshold: '1s',
      });
      expect(after.ModifyIndex).toBe(46);
    }));

  it('§3.4 omitted fields are zero-filled, not defaulted and not merged', () =>
    withNomad({}, async (sim) => {
      await call(sim, 'PUT', CONFIG, { body: '{"CleanupDeadServers":false}' });
      const { CreateIndex: _c, ModifyIndex: _m, ...rest } = sim.region().autopilotConfig();
      expect(rest).toEqual(ZERO);
      await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":3}' });
      expect(sim.region().autopilotConfig()).toMatchObject({ ...ZERO, MinQuorum: 3 });
    }));

  it('§3.4 all eight fields round-trip; enterprise flags are stored and echoed by CE', () =>
    withNomad({}, async (sim) => {
      const input = {
        CleanupDeadServers: true,
        LastContactThreshold: '1m30s',
        MaxTrailingLogs: 18446744073709551615n.toString(),
        MinQuorum: 5,
        ServerStabilizationTime: '1h0m0.5s',
        EnableRedundancyZones: true,
        DisableUpgradeMigration: true,
        EnableCustomUpgrades: true,
      };
      const body = JSON.stringify(input).replace('"18446744073709551615"', '18446744073709551615');
      expect((await call(sim, 'PUT', CONFIG, { body })).text).toBe('true');
      const text = (await call(sim, 'GET', CONFIG)).text;
      expect(text).toContain('"MaxTrailingLogs":18446744073709551615,');
      expect(text).toMatch(
        /^\{"LastContactThreshold":"1m30s","ServerStabilizationTime":"1h0m0.5s","CleanupDeadServers":true,/,
      );
      expect(text).toContain('"EnableRedundancyZones":true,"DisableUpgradeMigration":true,"EnableCustomUpgrades":true');
    }));

  it('§3.4 durations: "", null and missing mean 0; Go syntax accepted; negative accepted; output canonical', () =>
    withNomad({}, async (sim) => {
      await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":"","ServerStabilizationTime":null}' });
      expect(sim.region().autopilotConfig()).toMatchObject({
        LastContactThreshold: '0s',
        ServerStabilizationTime: '0s',
      });
      await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":"1.5h","ServerStabilizationTime":"-250us"}' });
      expect(sim.region().autopilotConfig()).toMatchObject({
        LastContactThreshold: '1h30m0s',
        ServerStabilizationTime: '-250µs',
      });
    }));

  it('§3.4 a duration given as a number is a 400 json type error', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":200000000}' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe(TEXT);
      expect(res.text).toBe(
        'Error parsing autopilot config: json: cannot unmarshal number ' +
          'into Go struct field .LastContactThreshold of type string',
      );
    }));

  it("§3.4 a bad duration string is 400 with time.ParseDuration's text", () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body: '{"ServerStabilizationTime":"10 seconds"}' });
      expect([res.status, res.text]).toEqual([
        400,
        'Error parsing autopilot config: time: unknown unit " seconds" in duration "10 seconds"',
      ]);
      const bad = await call(sim, 'PUT', CONFIG, { body: '{"LastContactThreshold":"abc"}' });
      expect(bad.text).toBe('Error parsing autopilot config: time: invalid duration "abc"');
    }));

  it('§3.4 type errors: the first wins and beats a later bad duration; embedded fields are .Alias.X', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, {
        body: '{"LastContactThreshold":"abc","MaxTrailingLogs":-1,"CleanupDeadServers":"yes","MinQuorum":{}}',
      });
      expect(res.text).toBe(
        'Error parsing autopilot config: json: cannot unmarshal ' +
          'number -1 into Go struct field .Alias.MaxTrailingLogs of type uint64',
      );
      const next = await call(sim, 'PUT', CONFIG, { body: '{"CleanupDeadServers":"yes","MinQuorum":1.5}' });
      expect(next.text).toBe(
        'Error parsing autopilot config: json: cannot unmarshal ' +
          'string into Go struct field .Alias.CleanupDeadServers of type bool',
      );
      const quorum = await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":[1]}' });
      expect(quorum.text).toBe(
        'Error parsing autopilot config: json: cannot unmarshal array ' +
          'into Go struct field .Alias.MinQuorum of type uint',
      );
      expect(sim.region().autopilotConfig().ModifyIndex).toBe(3); // nothing written
    }));

  it(
    '§3.4/§10 lenient decoding: unknown keys ignored, keys ' +
      'case-insensitive, indexes ignored, trailing data ignored',
    () =>
      withNomad({}, async (sim) => {
        const res = await call(sim, 'PUT', CONFIG, {
          body:
            JSON.stringify({
              RedundancyZoneTag: 'az',
              Bogus: [1, {}],
              maxtrailinglogs: 7,
              lastcontactthreshold: '2s',
              CreateIndex: 999,
              ModifyIndex: 999,
            }) + ' trailing',
        });
        expect([res.status, res.text]).toEqual([200, 'true']);
        const c = sim.region().autopilotConfig();
        expect(c).toMatchObject({ MaxTrailingLogs: 7, LastContactThreshold: '2s', CreateIndex: 3 });
        expect(c.ModifyIndex).not.toBe(999);
      }),
  );

  it(
    '§3.4 empty body is "Request body is empty"; syntax errors ' +
      'and non-objects are 400; null writes the zero config',
    () =>
      withNomad({}, async (sim) => {
        let res = await call(sim, 'PUT', CONFIG);
        expect([res.status, res.text]).toEqual([400, 'Error parsing autopilot config: Request body is empty']);
        res = await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":' });
        expect(res.text).toBe('Error parsing autopilot config: unexpected EOF');
        res = await call(sim, 'PUT', CONFIG, { body: '{x}' });
        expect(res.text).toBe(
          "Error parsing autopilot config: invalid character 'x' looking for beginning of object key string",
        );
        res = await call(sim, 'PUT', CONFIG, { body: '[]' });
        expect(res.text).toBe(
          'Error parsing autopilot config: json: cannot unmarshal array into Go value of type ' +
            'struct { LastContactThreshold string; ServerStabilizationTime string; *api.Alias }',
        );
        res = await call(sim, 'PUT', CONFIG, { body: 'null' });
        expect([res.status, res.text]).toEqual([200, 'true']);
        expect(sim.region().autopilotConfig()).toMatchObject(ZERO);
      }),
  );

  it('§3.4 CAS with the current ModifyIndex writes and answers true', () =>
    withNomad({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG + '?cas=3', { body: '{"MaxTrailingLogs":1}' });
      expect([res.status, res.text]).toEqual([200, 'true']);
      expect(sim.region().autopilotConfig().MaxTrailingLogs).toBe(1);
    }));

  it('§3.4 CAS mismatch answers 200 false, writes nothing, and still consumes a raft index', () =>
    withNomad({}, async (sim) => {
      const region = sim.region();
      region.setAutopilotConfig({ MinQuorum: 2 }); // someone else wrote since index 3
      const stored = region.autopilotConfig();
      const index = region.raftIndex();
      const res = await call(sim, 'PUT', CONFIG + '?cas=3', { body: '{"MaxTrailingLogs":1}' });
      expect([res.status, res.text]).toEqual([200, 'false']);
      expect(region.autopilotConfig()).toEqual(stored);
      expect(region.raftIndex()).toBe(index + 1);
      // The next CAS must use the stored ModifyIndex, not the burnt index.
      expect((await call(sim, 'PUT', `${CONFIG}?cas=${stored.ModifyIndex}`, { body: '{}' })).text).toBe('true');
    }));

  it("§3.4 unparsable ?cas is 400 with strconv's text; checked after the body", () =>
    withNomad({}, async (sim) => {
      for (const [q, shown] of [
        ['?cas=', ''],
        ['?cas=x', 'x'],
        ['?cas=-1', '-1'],
        ['?cas', ''],
      ]) {
        const res = await call(sim, 'PUT', CONFIG + q, { body: '{}' });
        expect([q, res.status, res.text]).toEqual([
          q,
          400,
          `Error parsing cas value: strconv.ParseUint: parsing "${shown}": invalid syntax`,
        ]);
      }
      const res = await call(sim, 'PUT', CONFIG + '?cas=x', { body: '{' });
      expect(res.text).toBe('Error parsing autopilot config: unexpected EOF');
    }));

  it('§1.3 writes ignore ?stale; ?region routes the write', () =>
    withNomad({ regions: [{ name: 'global' }, { name: 'eu' }] }, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG + '?stale=bogus&region=eu', { body: '{"MinQuorum":9}' });
      expect(res.text).toBe('true');
      expect(sim.region('eu').autopilotConfig().MinQuorum).toBe(9);
      expect(sim.region().autopilotConfig().MinQuorum).toBe(0);
    }));
});
