/**
 * An in-process byte link: two Transport ends wired to each other. The host side goes to the
 * AtClient, the device side to a scripted modem (tests) or the virtual TMS2 (`sim:` ports).
 * `sever()` behaves like a pulled cable: both ends close with TransportError('lost').
 * Listeners and the open state live in TransportCore; unlike a port, an end that has ended
 * (closed or severed) stays ended, and writes settle at once with delivery a turn later.
 */
import { TransportCore } from './core.ts';
import { TransportError } from './errors.ts';
import type { Transport } from './types.ts';

export class MemoryEnd implements Transport {
  peer!: MemoryEnd;
  private ended = false;
  private readonly core: TransportCore;

  constructor(readonly uri: string) {
    this.core = new TransportCore(uri);
  }

  get isOpen(): boolean {
    return this.core.isOpen;
  }

  async open(): Promise<void> {
    if (this.ended) throw new TransportError('lost', this.uri, 'link was severed');
    if (this.core.isOpen) return;
    this.core.beginOpen();
    this.core.state = 'open';
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.core.isOpen) throw new TransportError(this.ended ? 'lost' : 'closed', this.uri, 'port is not open');
    const copy = Buffer.from(data);
    // Deliver asynchronously, as a real port would, so writers never re-enter readers.
    setImmediate(() => this.peer.core.emitData(copy));
  }

  async close(): Promise<void> {
    this.finish(undefined);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.core.onData(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.core.onClose(listener);
  }

  /** Pulls the cable: both ends report 'lost'. */
  sever(): void {
    const lost = (end: MemoryEnd) => new TransportError('lost', end.uri, 'link lost (cable pulled)');
    this.finish(lost(this));
    this.peer.finish(lost(this.peer));
  }

  private finish(error: TransportError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    // A pulled cable is reported even to an end that was never opened; a close of one is not.
    if (error && this.core.state === 'idle') this.core.state = 'open';
    this.core.end(error);
  }
}

/** Creates a linked pair; both ends must be opened before use. */
export function createMemoryLink(hostUri = 'memory:host', deviceUri = 'memory:device'): { host: MemoryEnd; device: MemoryEnd } {
  const host = new MemoryEnd(hostUri);
  const device = new MemoryEnd(deviceUri);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
