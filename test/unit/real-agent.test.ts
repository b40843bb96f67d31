// The launcher the real-binary contract tests use: a broken OPSTACK_*_BIN must say why, not wait out
// the 30 s deadline in silence, and a started agent must be gone after stop().
import { describe, expect, it } from 'vitest';
import { diesSoon } from '../support/processes.js';
import { freePort, spawnSupervised, startAgent } from '../support/real-agent.js';

const node = process.execPath;

/** A stand-in agent: answers the two readiness reads a real one answers once it has a leader. */
const fakeAgent = (port: number) =>
  `require('node:http').createServer((q, s) => s.end(q.url === '/v1/status/leader' ? '"127.0.0.1:1"' : '{}'))` +
  `.listen(${port}, '127.0.0.1');`;

describe('startAgent', () => {
  it('a binary that cannot be started is an error naming it, not a 30 s wait', async () => {
    await expect(startAgent('/nonexistent/nomad', ['agent'], 'http://127.0.0.1:1')).rejects.toThrow(
      '/nonexistent/nomad exited (127) before it had a leader; its last output:\nspawn /nonexistent/nomad ENOENT',
    );
  });

  it('an agent that exits first is an error with its exit code and last output, and is cleaned up', async () => {
    let cleaned = false;
    const script = 'console.log("==> Error starting agent: bind: address already in use"); process.exit(3)';
    const start = startAgent(node, ['-e', script], 'http://127.0.0.1:1', { cleanup: () => (cleaned = true) });
    await expect(start).rejects.toThrow(
      `${node} exited (3) before it had a leader; its last output:\n` +
        '==> Error starting agent: bind: address already in use',
    );
    expect(cleaned).toBe(true);
  });

  it('resolves once the agent has a leader and is ready; stop() ends the process and cleans up', async () => {
    const port = await freePort();
    let [cleaned, checks] = [false, 0];
    const url = `http://127.0.0.1:${port}`;
    const stop = await startAgent(node, ['-e', fakeAgent(port)], url, {
      cleanup: () => (cleaned = true),
      ready: async () => ++checks === 3, // e.g. Nomad's root key, which comes after the leader
    });
    expect(checks).toBe(3);
    expect(await (await fetch(`${url}/v1/status/leader`)).json()).toBe('127.0.0.1:1');
    expect(cleaned).toBe(false);
    await stop();
    expect(cleaned).toBe(true);
    await expect(fetch(`${url}/v1/status/leader`)).rejects.toThrow('fetch failed');
  });

  it('the agent ends on its own when the process that started it goes (its pipe closes)', async () => {
    const supervisor = spawnSupervised(node, ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)']);
    const pid = await new Promise<number>((resolve) => supervisor.stdout?.once('data', (d) => resolve(Number(d))));
    expect(process.kill(pid, 0)).toBe(true); // running
    supervisor.stdin?.destroy(); // what the end of a killed test worker does to the pipe
    expect(await diesSoon(pid)).toBe(true);
    expect(await diesSoon(supervisor.pid!)).toBe(true);
  });
});
