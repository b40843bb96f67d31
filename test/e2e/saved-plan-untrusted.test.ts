import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/util/fingerprint.js';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import { type CliResult, runCli } from '../support/cli.js';
import { type FixtureStack, writeSynthDir } from '../support/synth-fixture.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { startSimulator } from '../support/simulators.js';

const TOKEN = '0b5e8f2a-1111-4222-8333-applytoken01';
const NEW = Buffer.alloc(32, 0x5a).toString('base64');
const EXTRA = Buffer.alloc(32, 0x33).toString('base64');
const env = { CONSUL_HTTP_TOKEN: TOKEN, NEW_GOSSIP_KEY: NEW, OLD_GOSSIP_KEY: DEFAULT_GOSSIP_KEY };
const dir = mkdtempSync(join(tmpdir(), 'opstack-untrusted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let sim: Simulator | undefined;
let other: Simulator | undefined;

const writes = (s: Simulator) => withoutLockCalls(s.requests).filter((r) => r.method !== 'GET');
type Document = Record<string, any>;

/** Plans `stacks` against a fresh simulator and saves the plan; returns what a test edits and applies. */
async function saved(
  stacks: (address: string) => FixtureStack[],
  simulator: Parameters<typeof startSimulator>[0] = {},
) {
  sim = await startSimulator(simulator);
  const synthDir = writeSynthDir(stacks(sim.address), sim.address);
  const file = join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  const planned = await runCli(['plan', '--synth-dir', synthDir, '--out', file], { env });
  expect(planned.code).toBe(0);
  const document = JSON.parse(readFileSync(file, 'utf8')) as Document;
  const apply = async (edit: (d: Document) => void): Promise<CliResult> => {
    const copy = structuredClone(document);
    edit(copy);
    writeFileSync(file, JSON.stringify(copy, null, 2));
    sim?.clearRequests();
    return runCli(['apply', file, '--synth-dir', synthDir, '--poll-interval', '5ms'], { env });
  };
  return { sim, document, apply, synthDir, file };
}

/** A refused apply: exit 1, the reason on stderr, no stack trace, and not one write. */
function expectRefused(result: CliResult, s: Simulator, message: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(message);
  expect(result.stderr).toContain('Nothing was');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(writes(s)).toEqual([]);
}

const deleteStep = (d: Document) => d.steps.find((s: Document) => s.path === '/v1/operator/raft/peer');

describe('apply <saved plan> treats the file as untrusted: hand-edited plans are refused with zero writes', () => {
  it('an unedited saved plan applies (the baseline the refusals below differ from)', async () => {
    const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    const result = await apply(() => {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Checking the saved plan against the stacks and the clusters (1 stack)...');
    expect(writes(s).map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /v1/operator/autopilot/configuration']);
  });

  it('removing the leader: the step edited to name it (the stack declares the dead server)', async () => {
    const { sim: s, apply } = await saved(
      () => [
        { name: 'dc1', resources: { opstack_raft_peers_absent: { gone: { peers: [{ address: '127.0.0.3:8300' }] } } } },
      ],
      { datacenters: [{ name: 'dc1', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', serfStatus: 'failed' }] }] },
    );
    const leader = s
      .consul('dc1')
      .servers()
      .find((x) => x.leader)?.id;
    const result = await apply((d) => {
      const step = deleteStep(d);
      step.query.id = leader;
      step.precondition.id = leader;
    });
    expectRefused(
      result,
      s,
      'planning again from the stacks and the clusters gives other steps than the file: step 1 differs',
    );
    expect(s.consul('dc1').servers()).toHaveLength(3);
  });

  it('removing the leader: the declaration edited as well (the file no longer matches the stacks)', async () => {
    const { sim: s, apply } = await saved(
      () => [
        { name: 'dc1', resources: { opstack_raft_peers_absent: { gone: { peers: [{ address: '127.0.0.3:8300' }] } } } },
      ],
      { datacenters: [{ name: 'dc1', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', serfStatus: 'failed' }] }] },
    );
    const leader = s
      .consul('dc1')
      .servers()
      .find((x) => x.leader);
    const result = await apply((d) => {
      d.stacks[0].declared[0].peers = [{ id: leader?.id }];
      const step = deleteStep(d);
      step.query.id = leader?.id;
      step.precondition.id = leader?.id;
    });
    expectRefused(
      result,
      s,
      'stack dc1 declares something else now than the file records (opstack_raft_peers_absent.gone)',
    );
    expect(s.requests).toEqual([]);
  });

  it('removing a healthy follower while another server is dead', async () => {
    const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }], {
      datacenters: [{ name: 'dc1', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', serfStatus: 'failed' }] }],
    });
    const follower = s
      .consul('dc1')
      .servers()
      .find((x) => !x.leader && x.name === 'b')?.id;
    const result = await apply((d) => {
      d.steps.push({
        stack: 'dc1',
        index: 2,
        kind: 'http',
        address: 'dc1/opstack_raft_peers_absent[x]',
        description: 'remove raft peer b',
        method: 'DELETE',
        path: '/v1/operator/raft/peer',
        query: { dc: 'dc1', id: follower },
        precondition: { kind: 'peer-removable', id: follower, allow_live: true, later_removals: [] },
        expect: 'status-200',
      });
      d.has_changes = true;
    });
    expectRefused(
      result,
      s,
      'gives other steps than the file: step 2 differs (the file has 2 steps, planning now gives 1)',
    );
    expect(s.consul('dc1').servers()).toHaveLength(3);
  });

  it('going below MinQuorum: a removal added to a plan of a cluster at its MinQuorum', async () => {
    const { sim: s, apply } = await saved(
      () => [{ name: 'dc1', autopilot: { min_quorum: 3, last_contact_threshold: '1s' } }],
      {
        datacenters: [{ name: 'dc1', autopilot: { MinQuorum: 3 } }],
      },
    );
    const follower = s
      .consul('dc1')
      .servers()
      .find((x) => !x.leader)?.id;
    const result = await apply((d) => {
      d.steps.push({
        stack: 'dc1',
        index: 2,
        kind: 'http',
        address: 'dc1/consul_autopilot_config.autopilot',
        description: 'remove',
        method: 'DELETE',
        path: '/v1/operator/raft/peer',
        query: { dc: 'dc1', id: follower },
        expect: 'status-200',
      });
    });
    expectRefused(result, s, 'gives other steps than the file');
    expect(s.consul('dc1').servers()).toHaveLength(3);
  });

  it('making an undeclared gossip key primary', async () => {
    const { sim: s, apply } = await saved(
      () => [
        {
          name: 'dc1',
          resources: {
            opstack_consul_gossip_keyring: {
              keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }, { env: 'OLD_GOSSIP_KEY' }] },
            },
          },
        },
      ],
      { datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY, EXTRA] } }] },
    );
    const result = await apply((d) => {
      const use = d.steps.find((x: Document) => x.method === 'PUT');
      use.key = { kind: 'live', fingerprint: fingerprint(EXTRA) };
      use.body = { Key: fingerprint(EXTRA) };
    });
    expectRefused(result, s, 'gives other steps than the file');
    expect(
      s
        .consul('dc1')
        .keyring()
        .every((pool) => pool.nodes.every((n) => n.keys[0] === DEFAULT_GOSSIP_KEY)),
    ).toBe(true);
  });

  it('dropping cas from the autopilot write', async () => {
    const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    const result = await apply((d) => {
      delete d.steps[0].query.cas;
      delete d.steps[0].precondition;
    });
    expectRefused(result, s, 'step 1 differs');
  });

  it('changing an autopilot field the stack does not declare', async () => {
    const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    const result = await apply((d) => {
      d.steps[0].body.MaxTrailingLogs = 1;
    });
    expectRefused(result, s, 'step 1 differs');
    expect(s.consul('dc1').autopilotConfig().MaxTrailingLogs).toBe(250);
  });

  it('a step to PUT /v1/kv/evil is refused when the file is read, before any request', async () => {
    const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    const result = await apply((d) => {
      d.steps[0].path = '/v1/kv/evil';
    });
    expectRefused(result, s, 'plan.steps[0]: is not a write opstack plans');
    expect(s.requests).toEqual([]);
  });

  it(
    'the target address changed to another host: that host ' +
      'receives not one request (no token), nor does the real one',
    async () => {
      const listener = await recordingListener();
      try {
        const { sim: s, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
        const result = await apply((d) => {
          d.stacks[0].target.address = listener.address;
          d.stacks[0].cluster.address = `http://${listener.address}`;
        });
        expectRefused(result, s, 'stack dc1 targets another cluster in the file than in the stacks');
        expect(listener.requests).toEqual([]);
        expect(s.requests).toEqual([]);
      } finally {
        await listener.close();
      }
    },
  );

  it('the environment now names another address: refused before any request, naming both', async () => {
    sim = await startSimulator();
    other = await startSimulator();
    const synthDir = writeSynthDir(
      [{ name: 'dc1', provider: { datacenter: 'dc1' }, autopilot: { last_contact_threshold: '1s' } }],
      '',
    );
    const file = join(dir, 'env-moved.json');
    expect(
      (
        await runCli(['plan', '--synth-dir', synthDir, '--out', file], {
          env: { ...env, CONSUL_HTTP_ADDR: sim.address },
        })
      ).code,
    ).toBe(0);
    sim.clearRequests();
    const result = await runCli(['apply', file, '--synth-dir', synthDir], {
      env: { ...env, CONSUL_HTTP_ADDR: other.address },
    });
    expectRefused(
      result,
      other,
      `the saved plan was made against http://127.0.0.1:${sim.address.split(':')[1]} (datacenter "dc1")`,
    );
    expect(result.stderr).toContain(`now send its requests to Consul at http://${other.address}`);
    expect(other.requests).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('another cluster answering at the same address: refused after one health read, naming it', async () => {
    const { sim: first, apply } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    const port = Number(first.address.split(':')[1]);
    await first.close();
    other = await startSimulator({
      port,
      datacenters: [{ name: 'dc1', servers: [{ name: 'x', id: '11111111-2222-4333-8444-555555555555' }] }],
    });
    const result = await apply(() => {});
    expectRefused(
      result,
      other,
      'is another cluster than the saved plan was made against: ' +
        'none of its 1 raft servers is among the 3 the plan saw there',
    );
    expect(other.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/operator/autopilot/health']);
  });

  it('a stack whose key changed since the plan declares something else: refused before any request', async () => {
    const {
      sim: s,
      synthDir,
      file,
    } = await saved(
      () => [
        {
          name: 'dc1',
          resources: { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } },
        },
      ],
      {
        datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY] } }],
      },
    );
    s.clearRequests();
    const result = await runCli(['apply', file, '--synth-dir', synthDir], { env: { ...env, NEW_GOSSIP_KEY: EXTRA } });
    expectRefused(
      result,
      s,
      'declares something else now than the file records (opstack_consul_gossip_keyring.keyring)',
    );
    expect(s.requests).toEqual([]);
    expect(result.stderr).not.toContain(EXTRA);
  });
});

describe('a saved plan that is not a plan opstack wrote is refused before any request', () => {
  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2), 'is not valid JSON (truncated or corrupted?)'],
    ['null', () => 'null', 'plan: must be an object'],
    [
      'missing fields',
      (text: string) => JSON.stringify({ ...JSON.parse(text), steps: undefined }),
      'plan: lacks "steps"',
    ],
    [
      'a --json print, without the cluster it was made against',
      (text: string) =>
        JSON.stringify({
          ...JSON.parse(text),
          stacks: JSON.parse(text).stacks.map(({ cluster: _c, ...s }: Document) => s),
        }),
      'does not record the cluster of stack dc1',
    ],
    [
      'a drift report',
      (text: string) => JSON.stringify({ ...JSON.parse(text), kind: 'drift' }),
      'is a drift report, not a plan',
    ],
  ])('%s', async (_name, corrupt, message) => {
    const {
      sim: s,
      synthDir,
      file,
    } = await saved(() => [{ name: 'dc1', autopilot: { last_contact_threshold: '1s' } }]);
    writeFileSync(file, corrupt(readFileSync(file, 'utf8')));
    s.clearRequests();
    const result = await runCli(['apply', file, '--synth-dir', synthDir], { env });
    expectRefused(result, s, message);
    expect(result.stderr).toContain('Make a new one with `opstack plan --out <file>`.');
    expect(s.requests).toEqual([]);
  });
});

/** A plain HTTP listener on 127.0.0.1 that records every request (and the headers it carried). */
async function recordingListener(): Promise<{
  address: string;
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    response.end('true');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
