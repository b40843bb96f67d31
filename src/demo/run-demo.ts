// `npm run demo`: the whole loop on the embedded simulator, as a user would type it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../sim/index.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(projectDir, 'bin', 'opstack.js');

function say(text: string): void {
  process.stdout.write(`\n\u001b[1m== ${text}\u001b[0m\n`);
}

/** Runs `opstack <args>`, echoing the command and its output, and returns the exit code. */
function opstack(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n$ opstack ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: projectDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      process.stdout.write(`(exit code ${code})\n`);
      resolve(code ?? 1);
    });
  });
}

async function demo(): Promise<void> {
  const sim = await startSimulator({ datacenters: [{ name: 'dc1' }, { name: 'dc2' }] });
  const out = await mkdtemp(join(tmpdir(), 'opstack-demo-'));
  const env = { ...process.env, CONSUL_HTTP_ADDR: sim.address, NO_COLOR: '1' };
  const expect = (code: number, wanted: number, what: string) => {
    if (code !== wanted) throw new Error(`demo: ${what} exited ${code}, expected ${wanted}`);
  };
  try {
    say(`A simulated Consul with datacenters dc1 and dc2 is listening on ${sim.address}`);
    say('1. Synthesise the example stacks in stacks/main.ts (one cdktf stack per datacenter)');
    expect(await opstack(['synth', '--output', out], env), 0, 'synth');
    say('2. Plan: what would change in each datacenter');
    expect(await opstack(['plan', '--synth-dir', out, '--detailed-exitcode'], env), 2, 'plan');
    say('3. Apply: one check-and-set PUT per datacenter, then a re-read to verify');
    sim.clearRequests();
    expect(await opstack(['apply', '--synth-dir', out, '--auto-approve'], env), 0, 'apply');
    const writes = sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} → ${r.status}`);
    process.stdout.write(`\nThe simulator saw these writes:\n${writes.map((w) => `  ${w}`).join('\n')}\n`);
    say('4. Plan again: nothing left to do');
    expect(await opstack(['plan', '--synth-dir', out, '--detailed-exitcode'], env), 0, 'second plan');
    say('5. Someone runs `consul operator autopilot set-config -min-quorum=1 -last-contact-threshold=5s` in dc2');
    sim.consul('dc2').setAutopilotConfig({ MinQuorum: 1, LastContactThreshold: '5s' });
    say('6. The nightly drift check notices (exit code 2)');
    expect(await opstack(['drift', '--synth-dir', out], env), 2, 'drift');
    say('Done. Try it yourself: `npx opstack sim` in one terminal, then `CONSUL_HTTP_ADDR=<address> npx opstack plan`.');
  } finally {
    await rm(out, { recursive: true, force: true });
    await sim.close();
  }
}

demo().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
