import { connect, createServer, type Socket } from 'node:net';

/** A second address for one agent, as a load balancer in front of it would give. */
export interface TcpProxy {
  /** `127.0.0.1:<port>`: another port, so another endpoint to opstack, reaching the same agent. */
  readonly address: string;
  /** New connections go to `target` from now on (a load balancer moved to other servers). */
  retarget(target: string): void;
  /**
   * Holds back requests whose bytes match `request` (e.g. /^PUT \/v1\/operator\/autopilot/m), and
   * what follows them on their connection, until `release()`: a write in flight that has not landed.
   * Resolves once one is held.
   */
  hold(request: RegExp): Promise<void>;
  /** Sends what was held on, and stops holding. */
  release(): void;
  close(): Promise<void>;
}

/** Forwards every connection on a free 127.0.0.1 port to `target` (`host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  let [host, port] = target.split(':');
  const sockets = new Set<Socket>();
  const held = new Map<Socket, Buffer[]>();
  let holding: { readonly request: RegExp; readonly found: () => void } | undefined;
  const server = createServer((client) => {
    const upstream = connect(Number(port), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((s) => s.destroy()));
    }
    client.on('data', (chunk: Buffer) => {
      const queue = held.get(upstream);
      if (queue) return void queue.push(chunk);
      if (holding?.request.test(chunk.toString('latin1'))) {
        held.set(upstream, [chunk]);
        return holding.found();
      }
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${own}`,
    retarget: (next) => {
      [host, port] = next.split(':');
    },
    hold: (request) => new Promise<void>((found) => (holding = { request, found })),
    release: () => {
      holding = undefined;
      for (const [upstream, chunks] of held) for (const chunk of chunks) upstream.write(chunk);
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
