import { KindError } from '../../shared/errors.ts';

/** Typed errors of the virtual device. Messages never carry key bytes or passwords. */
export type SimErrorKind =
  | 'bad-options' // createVirtualDevice options failed validation
  | 'unknown-fault' // a fault scenario name that is not in the table
  | 'state' // state.json unreadable or invalid
  | 'closed' // the device was closed
  | 'socat' // spawning socat for a PTY failed
  | 'listen'; // the TCP listener could not bind

export class SimError extends KindError<SimErrorKind> {
  override readonly name = 'SimError';
}
