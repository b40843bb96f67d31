import { connect, createServer, type Socket } from 'node:net';

/** A second address for one agent, as a load balancer in front of it would give. */
export interface TcpProxy {
  /** `127.0.0.1:<port>`: another port, so another endpoint to opstack, reaching the same agent. */
  readonly address: string;
  /** New connections go to `target` from now on (a load balancer moved to other servers). */
  retarget(target: string): void;
  close(): Promise<void>;
}

/** Forwards every connection on a free 127.0.0.1 port to `target` (`host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  let [host, port] = target.split(':');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((s) => s.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${own}`,
    retarget: (next) => {
      [host, port] = next.split(':');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
