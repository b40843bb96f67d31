import { describe, expect, it } from 'vitest';
import { CONFIG, call, withSim } from './helpers.js';

const DEFAULT_BODY =
  '{"CleanupDeadServers":true,"LastContactThreshold":"200ms","MaxTrailingLogs":250,"MinQuorum":0,' +
  '"ServerStabilizationTime":"10s","RedundancyZoneTag":"","DisableUpgradeMigration":false,"UpgradeVersionTag":"",' +
  '"CreateIndex":5,"ModifyIndex":5}';

describe('GET /v1/operator/autopilot/configuration (consul-operator-api.md §4.5)', () => {
  it('§4.5 returns the agent defaults in api.AutopilotConfiguration field order', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'GET', CONFIG);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.text).toBe(DEFAULT_BODY);
      expect(sim.consul('dc1').autopilotConfig()).toEqual(JSON.parse(DEFAULT_BODY));
    }));

  it('§4.5 starts from the datacenter spec (the agent autopilot {} block)', () =>
    withSim(
      { datacenters: [{ name: 'dc1', autopilot: { MaxTrailingLogs: 500, LastContactThreshold: '90s' } }] },
      async (sim) => {
        const body = JSON.parse((await call(sim, 'GET', CONFIG)).text);
        expect(body).toMatchObject({ MaxTrailingLogs: 500, LastContactThreshold: '1m30s', CleanupDeadServers: true });
      },
    ));

  it('§2.4 ?pretty indents with four spaces and a trailing newline', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'GET', CONFIG + '?pretty');
      expect(res.text).toBe(JSON.stringify(JSON.parse(DEFAULT_BODY), null, 4) + '\n');
    }));
});

describe('PUT /v1/operator/autopilot/configuration (consul-operator-api.md §4.5)', () => {
  it('§4.5 non-CAS write answers true and sets ModifyIndex to the raft index of the write', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      dc.bumpRaftIndex(37); // other writes (KV, catalog) advance the same log
      const before = dc.raftIndex();
      const res = await call(sim, 'PUT', CONFIG, { body: '{"MaxTrailingLogs":300}' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.text).toBe('true');
      const after = dc.autopilotConfig();
      expect(after.ModifyIndex).toBe(dc.raftIndex());
      expect(after.ModifyIndex).toBeGreaterThan(before);
      expect(after.CreateIndex).toBe(5);
      expect(after.MaxTrailingLogs).toBe(300);
    }));

  it('§4.5 omitted fields take the defaults, not the stored values', () =>
    withSim({}, async (sim) => {
      await call(sim, 'PUT', CONFIG, { body: '{"CleanupDeadServers":false,"MinQuorum":3}' });
      await call(sim, 'PUT', CONFIG, { body: '{"MinQuorum":5}' });
      expect(sim.consul('dc1').autopilotConfig()).toMatchObject({ CleanupDeadServers: true, MinQuorum: 5 });
    }));

  it('§4.5 CreateIndex/ModifyIndex in the body are accepted and ignored', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body: '{"CreateIndex":999,"ModifyIndex":999}' });
      expect(res.text).toBe('true');
      const c = sim.consul('dc1').autopilotConfig();
      expect(c.CreateIndex).toBe(5);
      expect(c.ModifyIndex).not.toBe(999);
    }));

  it('§4.5 CAS with the current ModifyIndex writes and answers true', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG + '?cas=5', { body: '{"MaxTrailingLogs":1}' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('true');
      expect(sim.consul('dc1').autopilotConfig().MaxTrailingLogs).toBe(1);
    }));

  it('§4.5 CAS with a stale ModifyIndex answers 200 false, writes nothing, but still uses a raft index', () =>
    withSim({}, async (sim) => {
      const dc = sim.consul('dc1');
      dc.setAutopilotConfig({ MinQuorum: 2 }); // someone else wrote since we read index 5
      const stored = dc.autopilotConfig();
      const index = dc.raftIndex();
      const res = await call(sim, 'PUT', CONFIG + '?cas=5', { body: '{"MaxTrailingLogs":1}' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('false');
      expect(dc.autopilotConfig()).toEqual(stored);
      expect(dc.raftIndex()).toBeGreaterThan(index);
    }));

  it('§4.5 cas=0 never succeeds once the configuration exists', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG + '?cas=0', { body: '{}' });
      expect(res.text).toBe('false');
    }));

  it('§4.5 ?cas parse errors are 400 with strconv.ParseUint texts', () =>
    withSim({}, async (sim) => {
      const cases: Array<[string, string]> = [
        ['cas=x', 'strconv.ParseUint: parsing "x": invalid syntax'],
        ['cas', 'strconv.ParseUint: parsing "": invalid syntax'],
        ['cas=-1', 'strconv.ParseUint: parsing "-1": invalid syntax'],
        ['cas=18446744073709551616', 'strconv.ParseUint: parsing "18446744073709551616": value out of range'],
      ];
      for (const [query, err] of cases) {
        const res = await call(sim, 'PUT', `${CONFIG}?${query}`, { body: '{}' });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(res.text).toBe(`Error parsing cas value: ${err}`);
      }
    }));

  it('§4.5 a body error is reported before a ?cas error', () =>
    withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG + '?cas=x', { body: '{"Nope":1}' });
      expect(res.text).toBe('Error parsing autopilot config: json: unknown field "Nope"');
    }));

  it('§4.5/§2.6 writes go to the ?dc datacenter, each with its own raft index', () =>
    withSim({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] }, async (sim) => {
      sim.consul('dc2').bumpRaftIndex(100);
      await call(sim, 'PUT', CONFIG + '?dc=dc2', { body: '{"MinQuorum":3}' });
      expect(sim.consul('dc2').autopilotConfig()).toMatchObject({ MinQuorum: 3, ModifyIndex: 106 });
      expect(sim.consul('dc1').autopilotConfig()).toMatchObject({ MinQuorum: 0, ModifyIndex: 5 });
    }));
});

describe('PUT body decoding (consul-operator-api.md §2.8, §2.9, §4.5)', () => {
  /** One PUT against a fresh simulator: the response and the stored config afterwards. */
  async function put(body: string): Promise<{ status: number; text: string; config: Record<string, unknown> }> {
    let result: { status: number; text: string; config: Record<string, unknown> } | undefined;
    await withSim({}, async (sim) => {
      const res = await call(sim, 'PUT', CONFIG, { body });
      result = { status: res.status, text: res.text, config: { ...sim.consul('dc1').autopilotConfig() } };
    });
    return result!;
  }

  const errors: Array<[string, string]> = [
    ['', 'EOF'],
    ['{"MaxTrailingLogs":', 'unexpected EOF'],
    ['{MaxTrailingLogs:1}', "invalid character 'M' looking for beginning of object key string"],
    ['{"Foo":1}', 'json: unknown field "Foo"'],
    [
      '{"MaxTrailingLogs":"x"}',
      'json: cannot unmarshal string into Go struct field AutopilotConfiguration.MaxTrailingLogs of type uint64',
    ],
    [
      '{"MaxTrailingLogs":-1}',
      'json: cannot unmarshal number -1 into Go struct field AutopilotConfiguration.MaxTrailingLogs of type uint64',
    ],
    [
      '{"MinQuorum":1.5}',
      'json: cannot unmarshal number 1.5 into Go struct field AutopilotConfiguration.MinQuorum of type uint',
    ],
    [
      '{"CleanupDeadServers":"yes"}',
      'json: cannot unmarshal string into Go struct field AutopilotConfiguration.CleanupDeadServers of type bool',
    ],
    [
      '{"RedundancyZoneTag":{}}',
      'json: cannot unmarshal object into Go struct field AutopilotConfiguration.RedundancyZoneTag of type string',
    ],
    [
      '{"ModifyIndex":"1"}',
      'json: cannot unmarshal string into Go struct field AutopilotConfiguration.ModifyIndex of type uint64',
    ],
    ['[]', 'json: cannot unmarshal array into Go value of type api.AutopilotConfiguration'],
    ['"x"', 'json: cannot unmarshal string into Go value of type api.AutopilotConfiguration'],
    ['{"LastContactThreshold":"abc"}', 'time: invalid duration "abc"'],
    ['{"LastContactThreshold":"5"}', 'time: missing unit in duration "5"'],
    ['{"LastContactThreshold":"1d"}', 'time: unknown unit "d" in duration "1d"'],
    ['{"LastContactThreshold":true}', 'strconv.ParseFloat: parsing "true": invalid syntax'],
    ['{"LastContactThreshold":{"a":1}}', 'strconv.ParseFloat: parsing "{\\"a\\":1}": invalid syntax'],
    // encoding/json keeps the first saved error...
    ['{"Foo":1,"MaxTrailingLogs":"x"}', 'json: unknown field "Foo"'],
    // ...but an UnmarshalJSON error is returned at once and wins over saved ones.
    ['{"Foo":1,"ServerStabilizationTime":"x"}', 'time: invalid duration "x"'],
  ];
  for (const [body, err] of errors) {
    it(`§2.8 ${JSON.stringify(body)} → 400 ${err}`, async () => {
      const r = await put(body);
      expect(r.status).toBe(400);
      expect(r.text).toBe(`Error parsing autopilot config: ${err}`);
    });
  }

  it('§2.8 field names match case-insensitively; trailing bytes after the value are ignored', async () => {
    const r = await put('{"maxtrailinglogs":7,"LASTCONTACTTHRESHOLD":"1s"} trailing junk');
    expect(r.status).toBe(200);
    expect(r.config).toMatchObject({ MaxTrailingLogs: 7, LastContactThreshold: '1s' });
  });

  it('§2.9 durations: strings, nanosecond numbers (truncated), null → 0; other nulls keep defaults', async () => {
    const r = await put('{"LastContactThreshold":1500.9,"ServerStabilizationTime":null,"MaxTrailingLogs":null}');
    expect(r.status).toBe(200);
    expect(r.config).toMatchObject({
      LastContactThreshold: '1.5\u00b5s',
      ServerStabilizationTime: '0s',
      MaxTrailingLogs: 250,
    });
  });

  it('§2.9 durations are echoed as Duration.String(): "1m30s", "1h0m0s", "-1s"', async () => {
    const r = await put('{"LastContactThreshold":"90s","ServerStabilizationTime":"60m"}');
    expect(r.config).toMatchObject({ LastContactThreshold: '1m30s', ServerStabilizationTime: '1h0m0s' });
    const neg = await put('{"LastContactThreshold":"-1000ms"}');
    expect(neg.config.LastContactThreshold).toBe('-1s');
  });

  it('§4.5 top-level null keeps every default (no validation of values)', async () => {
    const r = await put('null');
    expect(r.status).toBe(200);
    expect(r.config).toMatchObject({ CleanupDeadServers: true, MaxTrailingLogs: 250 });
  });

  it('§4.5 uint64 values are echoed exactly', () =>
    withSim({}, async (sim) => {
      await call(sim, 'PUT', CONFIG, { body: '{"MaxTrailingLogs":18446744073709551615}' });
      expect((await call(sim, 'GET', CONFIG)).text).toContain('"MaxTrailingLogs":18446744073709551615,');
    }));
});
