/**
 * An in-process byte link: two Transport ends wired to each other. The host side goes to the
 * AtClient, the device side to a scripted modem (tests) or the virtual TMS2 (`sim:` ports).
 * `sever()` behaves like a pulled cable: both ends close with TransportError('lost').
 */
import { TransportError } from './errors.ts';
import type { Transport } from './types.ts';

type DataListener = (chunk: Buffer) => void;
type CloseListener = (error: TransportError | undefined) => void;

export class MemoryEnd implements Transport {
  peer!: MemoryEnd;
  private open_ = false;
  private ended = false;
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();

  constructor(readonly uri: string) {}

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.ended) throw new TransportError('lost', this.uri, 'link was severed');
    this.open_ = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError(this.ended ? 'lost' : 'closed', this.uri, 'port is not open');
    const copy = Buffer.from(data);
    // Deliver asynchronously, as a real port would, so writers never re-enter readers.
    setImmediate(() => this.peer.deliver(copy));
  }

  async close(): Promise<void> {
    this.finish(undefined);
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Pulls the cable: both ends report 'lost'. */
  sever(): void {
    const lost = (end: MemoryEnd) => new TransportError('lost', end.uri, 'link lost (cable pulled)');
    this.finish(lost(this));
    this.peer.finish(lost(this.peer));
  }

  private deliver(chunk: Buffer): void {
    if (!this.open_) return;
    for (const listener of [...this.dataListeners]) listener(chunk);
  }

  private finish(error: TransportError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const wasOpen = this.open_;
    this.open_ = false;
    if (wasOpen || error) for (const listener of [...this.closeListeners]) listener(error);
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
