/**
 * A virtual device on a raw TCP port, like a serial port behind ser2net: each new connection
 * becomes the device's cable (the previous connection is cut).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { VirtualDevice } from '../device.ts';
import { SimError } from '../errors.ts';

export interface TcpExposure {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function exposeOnTcp(device: VirtualDevice, host = '127.0.0.1', port = 0): Promise<TcpExposure> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    device.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new SimError('listen', `cannot listen on ${host}:${port}: ${error.message}`, { cause: error })));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    host,
    port: bound,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
