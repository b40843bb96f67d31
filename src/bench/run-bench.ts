// `npm run bench` (entry: src/cli/run-bench.ts): opstack's cost against baselines measured in the
// same run, and its HTTP calls against the minimum. Not a test: it reports, and exits 1 only when a target is missed.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClients } from '../api/api-clients.js';
import { loadDesired } from '../desired/load-desired.js';
import { readKeyReference } from '../secrets/key-references.js';
import { planStacks } from '../plan/plan.js';
import { readLive } from '../read/read-live.js';
import { NO_COLOR } from '../render/palette.js';
import { renderReportText } from '../render/text.js';
import { type Simulator, startSimulator } from '../sim/index.js';
import { readSynthOutput } from '../synth/synth-output.js';
import { isLockRequestPath } from '../apply/lock/lock-record.js';
import { benchExampleApp } from './example-app.js';
import { writeStacks } from './synth-fixture.js';
import { type BenchHost, httpGetJson, httpGetJsonModule, median, medianMs, runNodeModule } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
// What users run: bin/opstack.js, which loads the bundled CLI.
const cliModule = join(here, '..', '..', '..', 'bin', 'opstack.js');
const AUTOPILOT = '/v1/operator/autopilot/configuration';
const HEALTH = '/v1/operator/autopilot/health';

async function planInProcess(host: BenchHost, dir: string, clients: ApiClients): Promise<string> {
  const { stacks } = loadDesired(await readSynthOutput(dir), (reference) => readKeyReference(reference, host.env));
  const reads = await readLive(stacks, clients);
  const { plan } = planStacks(reads.flatMap((r) => (r.ok ? [r] : [])));
  return renderReportText({ mode: 'plan', plan, failures: [], diagnostics: [] }, NO_COLOR);
}

/**
 * What a plan of these stacks must read: per datacenter the configuration and, because the plan
 * changes MinQuorum, autopilot health for its risk note (opstack reads them one after the other;
 * the floor fetches both at once).
 */
function planReadUrls(sim: Simulator, datacenters: readonly string[]): string[] {
  return datacenters.flatMap((dc) => [`${sim.url}${AUTOPILOT}?dc=${dc}`, `${sim.url}${HEALTH}?dc=${dc}`]);
}

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Target: `opstack plan --synth-dir` of one stack, as a fresh process, ≤ 1.5× node doing the same GET. */
async function benchOneStack(host: BenchHost): Promise<boolean> {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1' }] });
  const dir = writeStacks(1, sim.address);
  const clients = new ApiClients({});
  const urls = planReadUrls(sim, ['dc1']);
  try {
    await planInProcess(host, dir, clients); // warm up both paths
    await httpGetJson(urls);
    const opstack = await medianMs(50, () => planInProcess(host, dir, clients));
    const baseline = await medianMs(50, () => httpGetJson(urls));
    console.log('(a) planning one stack');
    console.log(
      `    in process (median of 50): opstack load+read+plan+render ${ms(opstack)} ` +
        `  node:http GETs ${ms(baseline)}   ratio ${ratio(opstack, baseline)}`,
    );
    const cliRuns: number[] = [];
    const nodeRuns: number[] = [];
    // Interleaved, so both sides see the same machine load.
    for (let i = 0; i < 11; i++) {
      cliRuns.push(
        (await runNodeModule(host, cliModule, ['plan', '--synth-dir', dir], { ...host.env, NO_COLOR: '1' })).wallMs,
      );
      nodeRuns.push((await runNodeModule(host, httpGetJsonModule(urls), [], host.env)).wallMs);
    }
    const [cli, floor] = [median(cliRuns), median(nodeRuns)];
    const ok = cli <= 1.5 * floor;
    console.log(
      '    as a fresh process (median of 11): `opstack plan --synth-dir` ' +
        'start to exit vs `node` making the same GET with node:http',
    );
    console.log(
      `    opstack ${ms(cli)}   node+http ${ms(floor)}   ` +
        `ratio ${ratio(cli, floor)} (target ≤ 1.50×) ${ok ? '✓' : '✗ TARGET MISSED'}`,
    );
    return ok;
  } finally {
    await clients.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchManyStacks(host: BenchHost, count: number, latencyMs: number): Promise<boolean> {
  const names = Array.from({ length: count }, (_, i) => `dc${i + 1}`);
  const sim = await startSimulator({ datacenters: names.map((name) => ({ name })) });
  const dir = writeStacks(count, sim.address);
  try {
    sim.faults.latency(latencyMs);
    const baseline = await medianMs(3, () => httpGetJson(planReadUrls(sim, names)));
    sim.clearRequests();
    const run = await runNodeModule(host, cliModule, ['plan', '--synth-dir', dir], { ...host.env, NO_COLOR: '1' });
    const gets = sim.requests.filter((r) => r.method === 'GET' && r.path === AUTOPILOT);
    const health = sim.requests.filter((r) => r.method === 'GET' && r.path === HEALTH).length;
    const perStack = new Set(gets.map((r) => r.query.dc)).size === count && gets.length === count && health === count;
    const minimum = 2 * count;
    const ok =
      run.code === 0 && run.wallMs < 2_000 && run.peakRssMb < 200 && perStack && sim.requests.length === minimum;
    console.log(`(c) ${count} stacks, ${latencyMs} ms simulated latency per request, \`opstack plan\` as a process`);
    console.log(
      `    wall ${ms(run.wallMs)} (target < 2000 ms)   peak ` +
        `RSS ${run.peakRssMb.toFixed(1)} MB (target < 200 MB)   exit ${run.code}`,
    );
    // Each stack changes min_quorum, so its risk notes need the voters: one GET of health after the configuration.
    const why = `per stack one GET ${AUTOPILOT}, then ${HEALTH} for the MinQuorum risk note`;
    console.log(`    requests ${sim.requests.length} (minimum ${minimum}: ${why}) ${perStack ? '✓' : '✗'}`);
    console.log(
      `    baseline: ${minimum} concurrent node:http GETs in ` +
        `process ${ms(baseline)}   ratio ${ratio(run.wallMs, baseline)}`,
    );
    console.log(`    ${ok ? 'all targets met' : 'TARGET MISSED'}`);
    return ok;
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A gossip key rotation on one datacenter of `nodes` nodes whose keyring changes take `propagationMs`. */
async function benchRotation(host: BenchHost, nodes: number, propagationMs: number, pollMs: number): Promise<boolean> {
  const servers = 5;
  const sim = await startSimulator({
    datacenters: [{ name: 'dc1', servers, gossip: { clients: nodes - servers } }],
    keyringPropagationMs: propagationMs,
  });
  const dir = mkdtempSync(join(tmpdir(), 'opstack-bench-keyring-'));
  mkdirSync(join(dir, 'stacks', 'dc1'), { recursive: true });
  const keyring = { '//': { metadata: { path: 'dc1/keyring' } }, keys: [{ env: 'BENCH_GOSSIP_KEY' }] };
  writeFileSync(
    join(dir, 'stacks', 'dc1', 'cdk.tf.json'),
    JSON.stringify({
      provider: { consul: [{ address: sim.address, datacenter: 'dc1' }] },
      resource: { opstack_consul_gossip_keyring: { keyring } },
    }),
  );
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ stacks: { dc1: { synthesizedStackPath: 'stacks/dc1/cdk.tf.json' } } }),
  );
  try {
    const env = { ...host.env, NO_COLOR: '1', BENCH_GOSSIP_KEY: randomBytes(32).toString('base64') };
    const run = await runNodeModule(
      host,
      cliModule,
      ['apply', '--synth-dir', dir, '--auto-approve', '--poll-interval', `${pollMs}ms`],
      env,
    );
    // The apply lock's session and KV calls are bookkeeping (README "One apply at a time"), counted apart.
    const managed = sim.requests.filter((r) => !isLockRequestPath(r.path));
    const lockWrites = sim.requests
      .filter((r) => isLockRequestPath(r.path) && r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
    const writes = managed.filter((r) => r.method !== 'GET').map((r) => r.method);
    const reads = managed.filter((r) => r.method === 'GET').length;
    const floor = 3 * propagationMs;
    const ok = run.code === 0 && writes.join() === 'POST,PUT,DELETE' && lockWrites.length <= 4;
    console.log(
      `(d) gossip key rotation, ${nodes} nodes (${servers} ` +
        `servers), ${propagationMs} ms propagation per phase, polling every ${pollMs} ms`,
    );
    console.log(
      `    writes ${writes.join(', ')} (minimum: one POST, one PUT, ` +
        `one DELETE) ${writes.join() === 'POST,PUT,DELETE' ? '✓' : '✗'}`,
    );
    console.log(
      `    apply lock: ${lockWrites.length} writes (${lockWrites.join(', ')}; ` +
        `minimum 4: session, acquire, release, destroy)`,
    );
    console.log(`    reads ${reads}: 1 plan read, 2 gate re-checks, 1 verify, and ${reads - 4} polls over 3 waits`);
    console.log(
      `    wall ${ms(run.wallMs)}   propagation floor ${ms(floor)} (3 phases)   ` +
        `opstack's own time ${ms(run.wallMs - floor)} (process start, plan, polling ` +
        `granularity)   peak RSS ${run.peakRssMb.toFixed(1)} MB   exit ${run.code}`,
    );
    return ok;
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every benchmark; false when a target was missed. */
export async function runBench(host: BenchHost): Promise<boolean> {
  const oneOk = await benchOneStack(host);
  const appOk = await benchExampleApp(host);
  const manyOk = await benchManyStacks(host, 200, 20);
  const rotationOk = await benchRotation(host, 500, 1_000, 100);
  return oneOk && appOk && manyOk && rotationOk;
}
