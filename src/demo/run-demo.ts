// `npm run demo` (entry: src/cli/run-demo.ts): the whole loop on the embedded simulators, as a user would type it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../sim/index.js';
import { startNomadSimulator } from '../sim/nomad/index.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(projectDir, 'bin', 'opstack.js');

/** What the demo needs from the process that runs it. */
export interface DemoHost {
  /** Writes to stdout; the opstack commands it runs share that stdout. */
  readonly write: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The node binary to run the CLI with. */
  readonly nodePath: string;
  /** True when stdout is a terminal: only then are the headings bold (no escape codes in a log or a pipe). */
  readonly stdoutIsTty: boolean;
}

/** Runs `opstack <args>`, echoing the command and its output, and checks the exit code. */
function opstack(host: DemoHost, args: string[], env: DemoHost['env'], wanted: number): Promise<void> {
  host.write(`\n$ opstack ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(host.nodePath, [bin, ...args], {
      cwd: projectDir,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      host.write(`(exit code ${code})\n`);
      if (code === wanted) resolve();
      else reject(new Error(`demo: opstack ${args[0]} exited ${code}, expected ${wanted}`));
    });
  });
}

export async function runDemo(host: DemoHost): Promise<void> {
  const say = (text: string) => host.write(host.stdoutIsTty ? `\n\u001b[1m== ${text}\u001b[0m\n` : `\n== ${text}\n`);
  // Consul: two datacenters behind one address; 3 servers and 2 clients each, all on an old
  // gossip key; keyring changes take 300 ms to reach every node, as gossip does.
  const consul = await startSimulator({
    datacenters: [
      { name: 'dc1', gossip: { clients: 2 } },
      { name: 'dc2', gossip: { clients: 2 } },
    ],
    keyringPropagationMs: 300,
  });
  // Nomad: region eu with five servers on an old gossip key, one of which died (a killed Nomad
  // server is serf `left`); its scheduler on the defaults (binpack, no batch preemption).
  const nomad = await startNomadSimulator({ regions: [{ name: 'eu', servers: 5 }] });
  nomad.region('eu').killServer('server-5');
  const out = await mkdtemp(join(tmpdir(), 'opstack-demo-'));
  const keys = {
    CONSUL_GOSSIP_KEY: randomBytes(32).toString('base64'),
    NOMAD_GOSSIP_KEY: randomBytes(32).toString('base64'),
  };
  const env = { ...host.env, CONSUL_HTTP_ADDR: consul.address, NOMAD_ADDR: nomad.url, ...keys, NO_COLOR: '1' };
  try {
    say(`Simulated Consul (dc1, dc2) at ${consul.address}; simulated Nomad (region eu, server-5 dead) at ${nomad.url}`);
    say('1. Synthesise stacks/main.ts: one stack per datacenter or region');
    await opstack(host, ['synth', '--output', out], env, 0);
    say(
      '2. Plan. CONSUL_GOSSIP_KEY and NOMAD_GOSSIP_KEY hold new gossip keys, so dc1 and nomad-eu plan gated ' +
        'rotations; nomad-eu also changes its scheduler to spread with batch preemption',
    );
    await opstack(host, ['plan', '--synth-dir', out, '--detailed-exitcode'], env, 2);
    say('3. Apply: CAS writes, both rotations with waits between their phases, the dead Nomad server removed');
    consul.clearRequests();
    nomad.clearRequests();
    await opstack(host, ['apply', '--synth-dir', out, '--auto-approve'], env, 0);
    const writes = [...consul.requests, ...nomad.requests]
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} → ${r.status}`);
    host.write(
      `\nThe simulators saw these writes (and only GETs besides):\n${writes.map((w) => `  ${w}`).join('\n')}\n`,
    );
    say('4. Plan again: nothing left to do');
    await opstack(host, ['plan', '--synth-dir', out, '--detailed-exitcode'], env, 0);
    say('5. Someone runs `consul operator autopilot set-config -min-quorum=1 -last-contact-threshold=5s` in dc2');
    consul.consul('dc2').setAutopilotConfig({ MinQuorum: 1, LastContactThreshold: '5s' });
    say('   ... and `nomad operator scheduler set-config -scheduler-algorithm=binpack` in region eu');
    nomad.region('eu').setSchedulerConfig({ SchedulerAlgorithm: 'binpack' });
    say('6. The nightly drift check notices both (exit code 2)');
    await opstack(host, ['drift', '--synth-dir', out], env, 2);
    say('7. Status of every cluster');
    await opstack(host, ['status', '--synth-dir', out], env, 0);
    say(
      'Done. Try it yourself: `npx opstack sim`, export what it prints, a CONSUL_GOSSIP_KEY and a NOMAD_GOSSIP_KEY, ' +
        'then `npx opstack plan` (README: "Try it against the simulator").',
    );
  } finally {
    await rm(out, { recursive: true, force: true });
    await consul.close();
    await nomad.close();
  }
}
