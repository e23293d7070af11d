/**
 * A scripted modem behind a TCP port on 127.0.0.1 (like ser2net or the simulator): every accepted
 * connection gets a ScriptedModem that `setup` scripts. Used by the CLI e2e tests and benches.
 */
import net from 'node:net';
import { TransportCore } from '../../electron/engine/transport/core.ts';
import { TransportError } from '../../electron/engine/transport/errors.ts';
import type { Transport } from '../../electron/engine/transport/types.ts';
import { ScriptedModem } from './scripted-modem.ts';
import type { ScriptedModemOptions } from './scripted-modem.ts';

/** The device side of an accepted socket as a Transport. */
class SocketEnd implements Transport {
  private readonly core: TransportCore;
  constructor(
    readonly uri: string,
    private readonly socket: net.Socket,
  ) {
    this.core = new TransportCore(uri);
    this.core.state = 'open';
    socket.on('data', (chunk: Buffer) => this.core.emitData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.core.end(new TransportError('lost', uri, 'host disconnected')));
  }
  get isOpen(): boolean {
    return this.core.isOpen;
  }
  async open(): Promise<void> {}
  write(data: Uint8Array): Promise<void> {
    return this.core.trackWrite(
      (done) => this.socket.write(data, (error) => done(error)),
      (error) => new TransportError('lost', this.uri, error.message),
    );
  }
  async close(): Promise<void> {
    this.socket.destroy();
    this.core.end(undefined);
  }
  onData(listener: (chunk: Buffer) => void): () => void {
    return this.core.onData(listener);
  }
  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.core.onClose(listener);
  }
}

export interface TcpModemServer {
  port: number;
  uri: string;
  /** One modem per accepted connection, in order. */
  modems: ScriptedModem[];
  /** Resolves with the modem of the next (or an already) accepted connection. */
  nextModem(): Promise<ScriptedModem>;
  close(): Promise<void>;
}

export async function startTcpModem(setup: (modem: ScriptedModem) => void, options: ScriptedModemOptions = {}): Promise<TcpModemServer> {
  const modems: ScriptedModem[] = [];
  const ends: SocketEnd[] = [];
  const waiters: Array<(modem: ScriptedModem) => void> = [];
  let taken = 0;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const end = new SocketEnd(`tcp-peer:${socket.remotePort}`, socket);
    ends.push(end);
    const modem = new ScriptedModem(end, options);
    setup(modem);
    modems.push(modem);
    waiters.shift()?.(modem);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    modems,
    nextModem: () => {
      const ready = modems[taken];
      taken += 1;
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
    },
    close: async () => {
      await Promise.all(ends.map((end) => end.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The answers of a typical EG25-G, enough for `fieldlink at` sessions. */
export function typicalModem(modem: ScriptedModem): void {
  modem
    .always('AT', '\r\nOK\r\n')
    .always('AT+CMEE?', '\r\n+CMEE: 2\r\n\r\nOK\r\n') // the resync probe after a timeout (S11)
    .always('ATI', '\r\nQuectel\r\nEG25\r\nRevision: EG25GGBR07A08M2G\r\n\r\nOK\r\n')
    .always('AT+CGSN', '\r\n867698041234567\r\n\r\nOK\r\n')
    .always('AT+CPIN?', '\r\n+CME ERROR: 10\r\n')
    .always(/^AT\+FOO/, '\r\nERROR\r\n');
}
