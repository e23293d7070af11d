/** Real TCP and UDP echo servers on 127.0.0.1 for the socket command tests. */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';

export interface TcpEcho {
  port: number;
  /** Server-side ends of the accepted connections, in order. */
  peers: Socket[];
  /** Resolves with the next accepted connection. */
  nextPeer(): Promise<Socket>;
  close(): Promise<void>;
}

export async function startTcpEcho(): Promise<TcpEcho> {
  const peers: Socket[] = [];
  let waiters: Array<(socket: Socket) => void> = [];
  const server: Server = createServer((socket) => {
    peers.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => socket.write(chunk));
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    peers,
    nextPeer: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const peer of peers) peer.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface UdpEcho {
  port: number;
  close(): Promise<void>;
}

export async function startUdpEcho(): Promise<UdpEcho> {
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (message, remote) => socket.send(message, remote.port, remote.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** A TCP port on 127.0.0.1 with nobody listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}
