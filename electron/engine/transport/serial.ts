/**
 * A serial port (USB modem interface, UART adapter) through serialport 13. The port is opened
 * with an exclusive lock so two programs never talk to one modem at once (S3); a device that
 * vanishes mid-session ends the link with TransportError('lost') and rejects pending writes (S1).
 */
import { SerialPort } from 'serialport';
import type { SerialPortOpenOptions } from 'serialport';
import type { AutoDetectTypes } from '@serialport/bindings-cpp';
import { TransportCore } from './core.ts';
import { TransportError } from './errors.ts';
import { hangupAwareBinding } from './serial-binding.ts';
import { classifySerialOpenError } from './serial-errors.ts';
import type { Transport } from './types.ts';

export interface SerialSettings {
  path: string;
  baudRate: number;
  /** Hardware (RTS/CTS) flow control. */
  rtscts: boolean;
}

export type SerialPortFactory = (options: SerialPortOpenOptions<AutoDetectTypes>) => SerialPort;

// SerialPort passes a `binding` option through to the stream, overriding the detected one.
const defaultFactory: SerialPortFactory = (options) => new SerialPort(Object.assign({}, options, { binding: hangupAwareBinding }));

/** How long close() waits for the bindings before it reports the port closed anyway. */
const CLOSE_GRACE_MS = 2000;

export class SerialTransport implements Transport {
  private readonly core: TransportCore;
  private port: SerialPort | undefined;

  constructor(
    readonly uri: string,
    readonly settings: SerialSettings,
    private readonly createPort: SerialPortFactory = defaultFactory,
  ) {
    this.core = new TransportCore(uri);
  }

  get isOpen(): boolean {
    return this.core.isOpen;
  }

  async open(): Promise<void> {
    this.core.beginOpen();
    const { path, baudRate, rtscts } = this.settings;
    const port = this.createPort({ path, baudRate, rtscts, autoOpen: false, lock: true });
    // Without an 'error' listener a failed write would crash the process.
    port.on('error', (error: Error) => this.onPortError(port, error));
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.core.end(undefined);
      throw classifySerialOpenError(error as Error, this.uri, path);
    }
    this.port = port;
    this.core.state = 'open';
    port.on('data', (chunk: Buffer) => this.core.emitData(chunk));
    port.on('close', (error: Error | null | undefined) => this.onPortClose(port, error));
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    return this.core.trackWrite(
      (done) => port?.write(Buffer.from(data), (error) => done(error)),
      (error) => this.lost(`write failed: ${error.message}`, error),
    );
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port || this.core.state !== 'open') return;
    this.core.state = 'closing';
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_GRACE_MS);
      port.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.core.end(undefined);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.core.onData(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.core.onClose(listener);
  }

  private onPortClose(port: SerialPort, error: Error | null | undefined): void {
    if (port !== this.port) return;
    if (this.core.state === 'closing') return this.core.end(undefined);
    this.core.end(this.lost(error ? `device disconnected: ${error.message}` : 'device disconnected', error ?? undefined));
  }

  private onPortError(port: SerialPort, error: Error): void {
    if (port !== this.port || this.core.state !== 'open') return;
    this.core.end(this.lost(`device error: ${error.message}`, error));
    port.close(() => undefined);
  }

  private lost(message: string, cause?: Error): TransportError {
    return new TransportError('lost', this.uri, `port lost: ${message}`, { cause });
  }
}
