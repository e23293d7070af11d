/**
 * A byte pipe to one device: a serial port, a raw TCP socket (ser2net, the simulator) or an
 * in-process link to a virtual device. The AT engine sees only this interface.
 */
import type { TransportError } from './errors.ts';

export interface Transport {
  /** What the user named (the port URI), used in every message about this port. */
  readonly uri: string;
  readonly isOpen: boolean;
  /** Opens the port; rejects with a TransportError naming the port (not-found, busy, ...). */
  open(): Promise<void>;
  /** Writes bytes; rejects with TransportError('closed' | 'lost') when the port is gone. */
  write(data: Uint8Array): Promise<void>;
  /** Closes the port; never rejects, safe to call twice. */
  close(): Promise<void>;
  /** Subscribes to received bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /**
   * Subscribes to the end of the link. `error` is undefined for a close we asked for and a
   * TransportError('lost') for a cable pulled, a socket reset or a device that vanished.
   */
  onClose(listener: (error: TransportError | undefined) => void): () => void;
}
