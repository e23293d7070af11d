import { KindError } from '../../shared/errors.ts';

/** Typed errors of the virtual device. Messages never carry key bytes or passwords. */
export type SimErrorKind =
  | 'bad-options' // createVirtualDevice options failed validation
  | 'unknown-fault' // a fault scenario name that is not in the table
  | 'state' // state.json unreadable or invalid
  | 'closed' // the device was closed
  | 'socat' // spawning socat for a PTY failed
  | 'listen' // the TCP listener could not bind
  | 'bad-plan' // a plug plan (--plug-plan, plan file) failed validation
  | 'slot' // a virtual line operation named an unknown slot or does not fit its state
  | 'control'; // a control line (stdin of `fieldlink sim`) that is not a known command or lacks arguments

export class SimError extends KindError<SimErrorKind> {
  override readonly name = 'SimError';
}
