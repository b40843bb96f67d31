import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignalControl } from '../../src/cli/interrupts.js';
import { DEFAULT_GOSSIP_KEY, type Simulator, startSimulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { withoutLockCalls } from '../support/lock-calls.js';
import { diesSoon, startBinary, until } from '../support/processes.js';
import { writeSynthDir } from '../support/synth-fixture.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { tempDir } from '../support/temp-dir.js';

const OLD = DEFAULT_GOSSIP_KEY;
const NEW = Buffer.alloc(32, 0x5a).toString('base64');
const KEYRING = '/v1/operator/keyring';
const env = { NEW_GOSSIP_KEY: NEW };
const FAST_POLL = ['--poll-interval', '5ms'];

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close();
});
const keep = <T extends { close(): Promise<void> }>(server: T): T => (started.push(server), server);

/** Three servers and two clients on the old key; a stack that declares only the new one. */
async function rotation(propagationMs: number): Promise<{ sim: Simulator; synthDir: string }> {
  const spec = { name: 'dc1', servers: 3, gossip: { keys: [OLD], clients: 2 } };
  const sim = keep(await startSimulator({ datacenters: [spec], keyringPropagationMs: propagationMs }));
  const keyring = { opstack_consul_gossip_keyring: { keyring: { keys: [{ env: 'NEW_GOSSIP_KEY' }] } } };
  return { sim, synthDir: writeSynthDir([{ name: 'dc1', resources: keyring }], sim.address) };
}

const writesTo = (sim: Simulator) => withoutLockCalls(sim.requests).filter((r) => r.method !== 'GET');
/** The apply lock was given back: its session destroyed, the KV key free. */
const lockReleased = (sim: Simulator) => sim.consul('dc1').sessions().length === 0;
const onNewKeyOnly = (sim: Simulator) =>
  sim
    .consul('dc1')
    .keyring()
    .flatMap((pool) => pool.nodes)
    .every((node) => node.keys.join() === NEW && node.primary === NEW);

describe('a signal during apply: no new step, the one in flight finished or abandoned safely, a report', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'SIGINT as step %i of the rotation starts: that step finishes, the rest are listed, a re-run converges',
    async (step) => {
      const { sim, synthDir } = await rotation(0);
      const control = new SignalControl({
        stderr: () => undefined,
        exit: () => expect.fail('the first signal must not exit'),
      });
      // On a terminal each step's start redraws its phase's line: a write's ends in "...", a wait's in "polling ...".
      const phase = `\r\u001b[2K[${Math.ceil(step / 2)}/3] `;
      const starting = (text: string) => (step % 2 === 0 ? text.endsWith(' polling ...') : text.endsWith(') ...'));
      const onStdout = (text: string) => {
        if (text.startsWith(phase) && starting(text)) control.deliver('SIGINT');
      };
      const stopped = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir, ...FAST_POLL], {
        env,
        control,
        onStdout,
        tty: true,
      });
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('Stopped: Interrupted by SIGINT: no step was started after it.');
      expect(stopped.stderr).toContain('No step was cut off: the one in flight finished');
      expect(stopped.stderr.match(/^ {2}✓ dc1 step \d/gm)).toHaveLength(step);
      expect(stopped.stderr.match(/^ {2}- dc1 step \d/gm) ?? []).toHaveLength(6 - step);
      expect(stopped.stderr).toContain('running apply again converges');
      expect(writesTo(sim)).toHaveLength([1, 1, 2, 2, 3, 3][step - 1]!); // install, use, remove: the waits only read
      expect(lockReleased(sim)).toBe(true);
      const again = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir, ...FAST_POLL], { env });
      expect(again.code).toBe(0);
      expect(onNewKeyOnly(sim)).toBe(true);
    },
  );

  it('SIGINT while a keyring wait polls: the wait is abandoned, the install reported, the lock released', async () => {
    const { sim, synthDir } = await rotation(600_000);
    const apply = startBinary(['apply', '--auto-approve', '--synth-dir', synthDir, ...FAST_POLL], env);
    const installed = () => sim.requests.findIndex((r) => r.method === 'POST' && r.path === KEYRING);
    await until(
      () => installed() >= 0 && sim.requests.slice(installed()).some((r) => r.path === KEYRING && r.method === 'GET'),
      'the wait to poll',
    );
    apply.signal('SIGINT');
    const result = await apply.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Stopped: Interrupted by SIGINT: no step was started after it.');
    expect(result.stderr).toMatch(/Steps that ran:\n {2}✓ dc1 step 1: POST \/v1\/operator\/keyring/);
    expect(result.stderr).toMatch(/Steps not run:\n {2}- dc1 step 2: WAIT/);
    expect(result.stderr).toContain('running apply again converges');
    expect(writesTo(sim).map((r) => r.method)).toEqual(['POST']);
    expect(lockReleased(sim)).toBe(true);
    sim.faults.setKeyringPropagation(0);
    sim.faults.propagateKeyringNow();
    const again = await runCli(['apply', '--auto-approve', '--synth-dir', synthDir, ...FAST_POLL], { env });
    expect(again.code).toBe(0);
    expect(onNewKeyOnly(sim)).toBe(true);
  });

  /**
   * Apply of one autopilot change (one PUT) through a proxy that holds back `request`; returns
   * once the request is held, in flight.
   */
  async function applyHolding(request: RegExp) {
    const sim = keep(await startSimulator());
    const proxy = keep(await startTcpProxy(sim.address));
    const stack = {
      name: 'dc1',
      provider: { address: proxy.address, datacenter: 'dc1' },
      autopilot: { min_quorum: 3 },
    };
    const held = proxy.hold(request);
    const apply = startBinary([
      'apply',
      '--auto-approve',
      '--synth-dir',
      writeSynthDir([stack], proxy.address),
      '--http-timeout',
      '10m',
    ]);
    await held;
    return { sim, proxy, apply };
  }

  /** The PUT is in flight when the first SIGINT arrives, and apply has said it will stop after it. */
  async function heldWrite() {
    const run = await applyHolding(/^PUT \/v1\/operator\/autopilot\/configuration/m);
    run.apply.signal('SIGINT');
    await run.apply.printed('SIGINT: stopping after the step in flight (Ctrl-C again to exit at once).');
    return run;
  }

  it('the write in flight at SIGINT is waited for, then apply stops: exit 130, the write reported', async () => {
    const { sim, proxy, apply } = await heldWrite();
    proxy.release();
    const result = await apply.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Steps that ran:\n {2}✓ dc1 step 1: PUT \/v1\/operator\/autopilot\/configuration/);
    expect(result.stderr).not.toContain('Apply complete');
    expect(sim.consul('dc1').autopilotConfig().MinQuorum).toBe(3);
    expect(lockReleased(sim)).toBe(true);
  });

  it('a second SIGINT exits at once, without waiting for the write in flight, and says what that leaves', async () => {
    const { sim, apply } = await heldWrite();
    apply.signal('SIGINT');
    const result = await apply.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      'Interrupted again (SIGINT): the step in flight was not waited for and may or may not have reached the cluster.',
    );
    expect(result.stderr).toContain('The apply lock was not given back: it expires on its own within 30s.');
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/v1/operator/'))).toEqual([]);
    expect(sim.consul('dc1').sessions()).toHaveLength(1); // the lock, as the message says
  });

  it('SIGTERM before any write (a read in flight) exits 143 at once, and nothing is written (binary)', async () => {
    const { sim, apply } = await applyHolding(/^GET \/v1\/operator\/autopilot\/configuration/m);
    apply.signal('SIGTERM');
    const result = await apply.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('Interrupted (SIGTERM): nothing was written to any cluster.');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]); // not even the lock
  });
});

describe('a signal during synth stops the cdktf app too (binary)', () => {
  /** A project whose cdktf.json runs `app` (one file: loaded in process) that writes `started` and never ends. */
  function hangingProject(): { dir: string; marker: string } {
    const dir = tempDir('hanging-app');
    const marker = join(dir, 'started');
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'node app.mjs' }));
    const app = [
      "import { writeFileSync } from 'node:fs';",
      "console.log('app output');",
      `writeFileSync(${JSON.stringify(marker)}, 'yes');`,
      'setInterval(() => {}, 1000);',
      'await new Promise(() => {});',
    ];
    writeFileSync(join(dir, 'app.mjs'), app.join('\n'));
    return { dir, marker };
  }

  it('SIGTERM while a spawned app runs kills its process group (a grandchild too), removes the synth dir', async () => {
    const tmp = tempDir('signal-tmp');
    const work = tempDir('signal-app');
    const pidFile = join(work, 'grandchild.pid');
    const script = join(work, 'app.mjs');
    writeFileSync(
      script,
      [
        "import { spawn } from 'node:child_process';",
        "import { writeFileSync } from 'node:fs';",
        "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        `writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const plan = startBinary(['plan', '--app', `${JSON.stringify(process.execPath)} ${script}`], { TMPDIR: tmp });
    await until(
      () => readdirSync(work).includes('grandchild.pid') && readFileSync(pidFile, 'utf8') !== '',
      'the app to start its child',
    );
    plan.signal('SIGTERM');
    const result = await plan.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('Interrupted (SIGTERM): nothing was written to any cluster.');
    expect(await diesSoon(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('SIGINT while an app loaded in process hangs ends the run (130) and removes the synth directory', async () => {
    const tmp = tempDir('signal-tmp');
    const { dir, marker } = hangingProject();
    const plan = startBinary(['plan'], { TMPDIR: tmp }, dir);
    await until(() => readdirSync(dir).includes('started'), `${marker} to be written`);
    expect(readdirSync(tmp)).toHaveLength(1); // the synth directory the app writes into
    plan.signal('SIGINT');
    const result = await plan.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted (SIGINT): nothing was written to any cluster.');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--synth-timeout gives up on an app loaded in process: the error says what is left; opstack exits', async () => {
    const tmp = tempDir('signal-tmp');
    const { dir } = hangingProject();
    const result = await startBinary(['plan', '--synth-timeout', '1s'], { TMPDIR: tmp }, dir).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "The cdktf app app.mjs did not finish within 1s. It was loaded in opstack's own process, which cannot stop it",
    );
    expect(result.stderr).toContain('Its output so far:\napp output');
    expect(result.stderr).toContain('run it as a command of its own: --app "node app.mjs"');
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('a command that runs until stopped', () => {
  it('`opstack sim` stops its simulators on SIGINT and exits 0; a second signal is not needed', async () => {
    const sim = startBinary(['sim']);
    await sim.printed('Press Ctrl-C to stop.');
    const url = /Consul simulator .* on (http:\/\/\S+)/.exec(sim.output())?.[1];
    expect((await fetch(`${url}/v1/status/leader`)).status).toBe(200);
    sim.signal('SIGINT');
    const result = await sim.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    await expect(fetch(`${url}/v1/status/leader`)).rejects.toThrow();
  });
});
