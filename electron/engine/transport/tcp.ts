/**
 * A raw TCP byte pipe (`tcp://host:port`): ser2net in front of a real modem, or the simulator.
 * Nagle is off so a short AT line leaves at once. A reset or a peer that hangs up ends the link
 * with TransportError('lost') and rejects pending writes.
 */
import net from 'node:net';
import { TransportCore } from './core.ts';
import { TransportError } from './errors.ts';
import type { TransportErrorKind } from './errors.ts';
import type { Transport } from './types.ts';

export interface TcpSettings {
  host: string;
  port: number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Socket error codes met while connecting, and what they mean for the user. */
const CONNECT_ERRORS: Record<string, { kind: TransportErrorKind; explain: string }> = {
  ECONNREFUSED: { kind: 'not-found', explain: 'connection refused (nothing listens there)' },
  ENOTFOUND: { kind: 'not-found', explain: 'unknown host' },
  EHOSTUNREACH: { kind: 'not-found', explain: 'host unreachable' },
  ENETUNREACH: { kind: 'not-found', explain: 'network unreachable' },
  EACCES: { kind: 'permission', explain: 'permission denied' },
  ETIMEDOUT: { kind: 'open-failed', explain: 'connection timed out' },
};

export class TcpTransport implements Transport {
  private readonly core: TransportCore;
  private socket: net.Socket | undefined;

  constructor(
    readonly uri: string,
    readonly settings: TcpSettings,
  ) {
    this.core = new TransportCore(uri);
  }

  get isOpen(): boolean {
    return this.core.isOpen;
  }

  get address(): string {
    return `${this.settings.host}:${this.settings.port}`;
  }

  async open(): Promise<void> {
    this.core.beginOpen();
    let socket: net.Socket;
    try {
      socket = await this.connect();
    } catch (error) {
      this.core.end(undefined);
      throw error;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    this.core.state = 'open';
    socket.on('data', (chunk: Buffer) => this.core.emitData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.onSocketEnd(socket, error));
    socket.on('close', () => this.onSocketEnd(socket, undefined));
  }

  write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    return this.core.trackWrite(
      (done) => socket?.write(data, (error) => done(error)),
      (error) => new TransportError('lost', this.uri, `port lost: write failed: ${error.message}`, { cause: error }),
    );
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.core.state !== 'open') return;
    this.core.state = 'closing';
    socket.destroy();
    this.core.end(undefined);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.core.onData(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.core.onClose(listener);
  }

  private connect(): Promise<net.Socket> {
    const { host, port, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS } = this.settings;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const fail = (error: TransportError) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(connectTimeoutMs, () => fail(this.connectError({ code: 'ETIMEDOUT', message: 'timeout' } as NodeJS.ErrnoException)));
      socket.once('error', (error: NodeJS.ErrnoException) => fail(this.connectError(error)));
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeAllListeners('error');
        socket.removeAllListeners('timeout');
        resolve(socket);
      });
    });
  }

  private connectError(error: NodeJS.ErrnoException): TransportError {
    const known = error.code ? CONNECT_ERRORS[error.code] : undefined;
    const explain = known?.explain ?? error.message;
    return new TransportError(known?.kind ?? 'open-failed', this.uri, `cannot connect to ${this.address}: ${explain}`, { cause: error });
  }

  private onSocketEnd(socket: net.Socket, error: NodeJS.ErrnoException | undefined): void {
    if (socket !== this.socket || this.core.state !== 'open') return;
    const why = error ? `connection ${error.code === 'ECONNRESET' ? 'reset' : 'failed'} (${error.code ?? error.message})` : 'the other end closed the connection';
    this.core.end(new TransportError('lost', this.uri, `port lost: ${why}`, { cause: error }));
    socket.destroy();
  }
}
