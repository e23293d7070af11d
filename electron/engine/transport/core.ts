/**
 * Bookkeeping shared by the stream-backed transports (serial, tcp, sim): listeners, the open
 * state, writes still in flight, and a single close report. When the link ends every pending
 * write rejects, so a caller never waits on a dead port (S1).
 */
import { TransportError } from './errors.ts';

type DataListener = (chunk: Buffer) => void;
type CloseListener = (error: TransportError | undefined) => void;

export type LinkState = 'idle' | 'opening' | 'open' | 'closing' | 'ended';

export class TransportCore {
  state: LinkState = 'idle';
  private lostError: TransportError | undefined;
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly pendingWrites = new Set<(error: TransportError) => void>();

  constructor(readonly uri: string) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  emitData(chunk: Buffer): void {
    if (this.state !== 'open') return;
    for (const listener of [...this.dataListeners]) listener(chunk);
  }

  /** Throws unless the link can start opening (first open, or reopen after an end). */
  beginOpen(): void {
    if (this.state !== 'idle' && this.state !== 'ended') {
      throw new TransportError('open-failed', this.uri, `port is already ${this.state}`);
    }
    this.state = 'opening';
    this.lostError = undefined;
  }

  /** Throws the error a write on a link that is not open deserves. */
  assertWritable(): void {
    if (this.state === 'open') return;
    throw this.lostError ?? new TransportError('closed', this.uri, 'port is not open');
  }

  /**
   * Runs one write and settles when `start` calls `done`, or rejects as soon as the link ends.
   * `classify` turns a write failure into the TransportError the caller sees.
   */
  trackWrite(start: (done: (error?: Error | null) => void) => void, classify: (error: Error) => TransportError): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.assertWritable();
      const abort = (error: TransportError) => {
        this.pendingWrites.delete(abort);
        reject(error);
      };
      this.pendingWrites.add(abort);
      start((error) => {
        if (!this.pendingWrites.delete(abort)) return;
        if (error) reject(classify(error));
        else resolve();
      });
    });
  }

  /** Ends the link once: `error` undefined = closed on request, else lost. Notifies listeners. */
  end(error: TransportError | undefined): void {
    if (this.state === 'ended' || this.state === 'idle') return;
    const wasOpen = this.state === 'open' || this.state === 'closing';
    this.state = 'ended';
    this.lostError = error;
    const writeError = error ?? new TransportError('closed', this.uri, 'port was closed');
    for (const abort of [...this.pendingWrites]) abort(writeError);
    if (wasOpen) for (const listener of [...this.closeListeners]) listener(error);
  }
}
