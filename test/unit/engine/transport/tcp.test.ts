/**
 * The TCP transport against a real net server on 127.0.0.1: bytes both ways, refused, reset and
 * hang-up mid-command (S1 for ser2net / the simulator).
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../../electron/engine/transport/tcp.ts';
import type { TransportError } from '../../../../electron/engine/transport/errors.ts';
import { AtClient, AtClosedError } from '../../../../electron/engine/at/index.ts';
import { ByteSink } from '../../../helpers/pty.ts';

/** A server whose accepted sockets the test can drive. */
async function startServer(): Promise<{ server: net.Server; port: number; nextSocket: () => Promise<net.Socket> }> {
  const sockets: net.Socket[] = [];
  const waiters: Array<(s: net.Socket) => void> = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const waiter = waiters.shift();
    if (waiter) waiter(socket);
    else sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const nextSocket = () => {
    const ready = sockets.shift();
    return ready ? Promise.resolve(ready) : new Promise<net.Socket>((resolve) => waiters.push(resolve));
  };
  return { server, port, nextSocket };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function socketBytes(socket: net.Socket): { text: () => string; waitFor: (s: string) => Promise<void> } {
  let text = '';
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = async (s: string) => {
    while (!text.includes(s)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { text: () => text, waitFor };
}

describe('TcpTransport', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let transport: TcpTransport;

  beforeEach(async () => {
    server = await startServer();
    const uri = `tcp://127.0.0.1:${server.port}`;
    transport = new TcpTransport(uri, { host: '127.0.0.1', port: server.port });
  });

  afterEach(async () => {
    await transport.close();
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
  });

  it('carries bytes both ways', async () => {
    await transport.open();
    const peer = await server.nextSocket();
    const fromHost = socketBytes(peer);
    const atHost = new ByteSink(transport);

    await transport.write(Buffer.from('ATI\r'));
    peer.write('\r\nQuectel\r\n\r\nOK\r\n');

    await fromHost.waitFor('ATI\r');
    expect(fromHost.text()).toBe('ATI\r');
    expect((await atHost.waitForText('OK\r\n')).toString()).toBe('\r\nQuectel\r\n\r\nOK\r\n');
    expect(transport.isOpen).toBe(true);
  });

  it('connection refused → not-found naming host and port', async () => {
    const port = await freePort();
    const refused = new TcpTransport(`tcp://127.0.0.1:${port}`, { host: '127.0.0.1', port });

    const error = await refused.open().then(() => undefined, (e: unknown) => e);

    expect(error).toMatchObject({ kind: 'not-found', port: `tcp://127.0.0.1:${port}` });
    expect((error as Error).message).toContain(`cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(refused.isOpen).toBe(false);
  });

  it('S1: a reset mid-command rejects the pending AtClient command with a lost port', async () => {
    await transport.open();
    const peer = await server.nextSocket();
    const fromHost = socketBytes(peer);
    const client = AtClient.attach(transport);
    const outcome = client.run({ command: 'AT+QIACT=1', timeoutMs: 120_000 }).then(() => 'answered', (e: unknown) => e);
    await fromHost.waitFor('AT+QIACT=1\r');

    peer.resetAndDestroy();

    const error = await outcome;
    expect(error).toBeInstanceOf(AtClosedError);
    expect(error).toMatchObject({ cause: { kind: 'lost', port: transport.uri } });
    expect(((error as AtClosedError).cause as Error).message).toMatch(/connection reset/);
    client.dispose();
  });

  it('the other end hanging up ends the link as lost, and writes then reject', async () => {
    await transport.open();
    const peer = await server.nextSocket();
    const closed = new Promise<TransportError | undefined>((resolve) => transport.onClose(resolve));

    peer.end();

    const error = await closed;
    expect(error).toMatchObject({ kind: 'lost', port: transport.uri });
    expect(error?.message).toMatch(/the other end closed the connection/);
    await expect(transport.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'lost' });
  });

  it('close() reports a requested close once, and later writes reject with closed', async () => {
    await transport.open();
    const peer = await server.nextSocket();
    const peerClosed = new Promise<void>((resolve) => peer.once('close', () => resolve()));
    const closes: Array<TransportError | undefined> = [];
    transport.onClose((error) => closes.push(error));

    await transport.close();
    await transport.close();
    await peerClosed;

    expect(closes).toEqual([undefined]);
    await expect(transport.write(Buffer.from('AT\r'))).rejects.toMatchObject({ kind: 'closed' });
  });
});
