// applyPlan on its own: a plan read and made against the simulator, run step by step. What is
// asserted is what reaches the server (its request log), the outcome apply reports and its events.
import { describe, expect, it } from 'vitest';
import { ApiClients } from '../../src/api/api-clients.js';
import { type ApplyEvent, type ApplyOptions, applyPlan } from '../../src/apply/apply.js';
import type { Plan } from '../../src/model/plan.js';
import type { DesiredResource } from '../../src/model/resources.js';
import type { DesiredStack } from '../../src/model/stack.js';
import { planStacks } from '../../src/plan/plan.js';
import { readLive } from '../../src/read/read-live.js';
import { DEFAULT_GOSSIP_KEY, type Simulator } from '../../src/sim/index.js';
import { fingerprint } from '../../src/util/fingerprint.js';
import { desiredAutopilot } from '../support/builders.js';
import { startSimulator } from '../support/simulators.js';

const NEW_KEY = Buffer.alloc(32, 0x61).toString('base64');

function stack(sim: Simulator, name: string, resources: DesiredResource[]): DesiredStack {
  return { name, target: { product: 'consul', address: sim.address, datacenter: name }, resources };
}

/** Reads and plans as `opstack plan` does; the test fails if a stack is refused. */
async function planFor(stacks: DesiredStack[], clients: ApiClients): Promise<Plan> {
  const reads = await readLive(stacks, clients);
  const { plan, refused } = planStacks(reads.map((read) => (read.ok ? read : expect.unreachable(read.error.message))));
  expect(refused).toEqual([]);
  return plan;
}

function options(events: ApplyEvent[], overrides: Partial<ApplyOptions> = {}): ApplyOptions {
  const env = { NEW_KEY };
  return { env, waitTimeoutMs: 10_000, pollIntervalMs: 5, onEvent: (event) => events.push(event), ...overrides };
}

const writes = (sim: Simulator) =>
  sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`);
const described = (events: ApplyEvent[]) =>
  events.map((e) =>
    e.kind === 'step-start'
      ? `start ${e.position}/${e.total}`
      : e.kind === 'step-done'
        ? `done ${e.ref.step.index} ${e.result}`
        : e.kind,
  );

/** Two datacenters, each with a stack declaring these autopilot settings, planned; the log cleared. */
async function twoDatacenters(
  dc1: Parameters<typeof desiredAutopilot>[0],
  dc2: Parameters<typeof desiredAutopilot>[0],
) {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
  const clients = new ApiClients({});
  const stacks = [stack(sim, 'dc2', [desiredAutopilot(dc2, 'dc2')]), stack(sim, 'dc1', [desiredAutopilot(dc1, 'dc1')])];
  const plan = await planFor(stacks, clients);
  sim.clearRequests();
  return { sim, clients, plan };
}

describe('applyPlan', () => {
  it('runs every step in plan order, stack by stack, then verifies: exactly the planned writes', async () => {
    const { sim, clients, plan } = await twoDatacenters({ MaxTrailingLogs: 500 }, { MinQuorum: 3 });
    const events: ApplyEvent[] = [];
    const outcome = await applyPlan(plan, clients, options(events));
    await clients.close();
    expect(outcome).toMatchObject({ notRun: [], lockProblems: [] });
    expect(outcome.failed).toBeUndefined();
    expect(outcome.completed.map((ref) => ref.stack)).toEqual(['dc1', 'dc2']);
    expect(writes(sim)).toEqual([
      'PUT /v1/operator/autopilot/configuration?dc=dc1&cas=5',
      'PUT /v1/operator/autopilot/configuration?dc=dc2&cas=5',
    ]);
    expect(described(events)).toEqual([
      'apply-start',
      'start 1/2',
      'done 1 done',
      'start 2/2',
      'done 1 done',
      'verify',
    ]);
    expect(sim.consul('dc1').autopilotConfig().MaxTrailingLogs).toBe(500);
    expect(sim.consul('dc2').autopilotConfig().MinQuorum).toBe(3);
  });

  it('stops at a failed step: it is reported with its error, and the steps after it are not sent', async () => {
    const { sim, clients, plan } = await twoDatacenters({ MinQuorum: 3 }, { MinQuorum: 3 });
    sim.faults.failNext(5, { method: 'PUT', status: 500, body: 'rpc error: internal' });
    const outcome = await applyPlan(plan, clients, options([]));
    await clients.close();
    expect(outcome.completed).toEqual([]);
    expect(outcome.failed?.ref.stack).toBe('dc1');
    expect(outcome.failed?.error.code).toBe('ServerError');
    expect(outcome.notRun.map((ref) => ref.stack)).toEqual(['dc2']);
    expect(writes(sim).every((w) => w.includes('dc=dc1'))).toBe(true);
    expect(sim.consul('dc2').autopilotConfig().MinQuorum).toBe(0);
  });

  it('a write whose object moved since the plan is refused by the server (cas): a conflict', async () => {
    const sim = await startSimulator();
    const clients = new ApiClients({});
    const plan = await planFor([stack(sim, 'dc1', [desiredAutopilot({ MinQuorum: 3 }, 'dc1')])], clients);
    sim.consul('dc1').setAutopilotConfig({ MaxTrailingLogs: 999 });
    const outcome = await applyPlan(plan, clients, options([]));
    await clients.close();
    expect(outcome.failed?.error.code).toBe('CasConflict');
    expect(sim.consul('dc1').autopilotConfig()).toMatchObject({ MinQuorum: 0, MaxTrailingLogs: 999 });
  });

  it('an aborted signal stops it before the first step: nothing written, every step not run', async () => {
    const sim = await startSimulator();
    const clients = new ApiClients({});
    const plan = await planFor([stack(sim, 'dc1', [desiredAutopilot({ MinQuorum: 3 }, 'dc1')])], clients);
    sim.clearRequests();
    const controller = new AbortController();
    controller.abort();
    const outcome = await applyPlan(plan, clients, options([], { signal: controller.signal }));
    await clients.close();
    expect(outcome.stopped?.code).toBe('Interrupted');
    expect(outcome.notRun).toHaveLength(1);
    expect(sim.requests).toEqual([]);
  });

  it('a keyring rotation waits at each gate until every node caught up, reporting coverage', async () => {
    const sim = await startSimulator({
      datacenters: [{ name: 'dc1', gossip: { keys: [DEFAULT_GOSSIP_KEY], clients: 2 } }],
      keyringPropagationMs: 50,
    });
    const clients = new ApiClients({});
    const keyring: DesiredResource = {
      stack: 'dc1',
      type: 'opstack_consul_gossip_keyring',
      name: 'keyring',
      constructPath: 'dc1/keyring',
      datacenter: 'dc1',
      keys: [{ fingerprint: fingerprint(NEW_KEY), reference: { source: 'env', name: 'NEW_KEY' } }],
    };
    const plan = await planFor([stack(sim, 'dc1', [keyring])], clients);
    const events: ApplyEvent[] = [];
    const outcome = await applyPlan(plan, clients, options(events));
    await clients.close();
    expect(outcome.failed).toBeUndefined();
    expect(outcome.completed.map((ref) => ref.step.kind)).toEqual(['http', 'wait', 'http', 'wait', 'http', 'wait']);
    const polled = events.flatMap((e) => (e.kind === 'wait-progress' ? [e.coverage] : []));
    expect(polled.at(-1)?.every((pool) => pool.have === pool.total)).toBe(true);
    const nodes = sim
      .consul('dc1')
      .keyring()
      .flatMap((pool) => pool.nodes);
    expect(nodes.map((node) => [node.keys, node.primary])).toEqual(nodes.map(() => [[NEW_KEY], NEW_KEY]));
  });
});
