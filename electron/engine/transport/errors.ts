/** Typed transport errors. Every message names the port. */
export type TransportErrorKind =
  | 'not-found' // no such device / host refused
  | 'busy' // held by another program
  | 'permission' // no access rights
  | 'open-failed' // any other failure while opening
  | 'lost' // cable pulled, socket reset, device vanished mid-session
  | 'closed' // used after close()
  | 'bad-uri'; // the port URI itself is malformed

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportErrorKind,
    readonly port: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${port}: ${message}`, options);
  }
}

/** Listing the machine's serial ports failed (e.g. `udevadm` missing on Linux). */
export class PortListError extends Error {
  override readonly name = 'PortListError';
  readonly kind = 'list-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
