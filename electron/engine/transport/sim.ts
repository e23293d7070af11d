/**
 * `sim:` / `sim:<scenario>` ports: an in-process link to a virtual device. The simulator
 * registers a factory that returns the host end of a link wired to a virtual TMS2; this
 * transport asks it for that end when opened and reports everything under the user's URI.
 */
import { TransportCore } from './core.ts';
import { TransportError } from './errors.ts';
import type { Transport } from './types.ts';

/** Returns the host end of a link to a fresh virtual device running `scenario` (undefined = normal). */
export type SimDeviceFactory = (scenario: string | undefined, uri: string) => Transport | Promise<Transport>;

let registeredFactory: SimDeviceFactory | undefined;

/** Makes `sim:` ports open devices from `factory`. Returns a function that unregisters it. */
export function registerSimDeviceFactory(factory: SimDeviceFactory): () => void {
  registeredFactory = factory;
  return () => {
    if (registeredFactory === factory) registeredFactory = undefined;
  };
}

export function hasSimDeviceFactory(): boolean {
  return registeredFactory !== undefined;
}

export class SimTransport implements Transport {
  private readonly core: TransportCore;
  private inner: Transport | undefined;
  private unsubscribe: Array<() => void> = [];

  constructor(
    readonly uri: string,
    readonly scenario: string | undefined,
  ) {
    this.core = new TransportCore(uri);
  }

  get isOpen(): boolean {
    return this.core.isOpen;
  }

  async open(): Promise<void> {
    this.core.beginOpen();
    try {
      this.inner = await this.connectDevice();
    } catch (error) {
      this.core.end(undefined);
      throw error;
    }
    const inner = this.inner;
    this.core.state = 'open';
    this.unsubscribe = [
      inner.onData((chunk) => this.core.emitData(chunk)),
      inner.onClose((error) => this.onInnerClose(error)),
    ];
  }

  write(data: Uint8Array): Promise<void> {
    const inner = this.inner;
    return this.core.trackWrite(
      (done) => inner?.write(data).then(() => done(), (error: Error) => done(error)),
      (error) => this.rename(error, 'lost'),
    );
  }

  async close(): Promise<void> {
    const inner = this.inner;
    if (!inner || this.core.state !== 'open') return;
    this.core.state = 'closing';
    this.detach();
    await inner.close();
    this.core.end(undefined);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.core.onData(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.core.onClose(listener);
  }

  private async connectDevice(): Promise<Transport> {
    const factory = registeredFactory;
    if (!factory) {
      throw new TransportError('not-found', this.uri, 'no virtual device available: the simulator is not loaded in this process');
    }
    try {
      const inner = await factory(this.scenario, this.uri);
      if (!inner.isOpen) await inner.open();
      return inner;
    } catch (error) {
      throw this.rename(error, 'open-failed');
    }
  }

  private onInnerClose(error: TransportError | undefined): void {
    this.detach();
    // We detach before closing on request, so any close seen here came from the device side.
    this.core.end(this.rename(error ?? new Error('the virtual device closed the link'), 'lost'));
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /** Re-issues an error of the virtual device's end under this port's URI. */
  private rename(error: unknown, fallback: TransportError['kind']): TransportError {
    const kind = error instanceof TransportError ? error.kind : fallback;
    const text = error instanceof Error ? error.message : String(error);
    return new TransportError(kind, this.uri, `virtual device: ${text}`, { cause: error });
  }
}
