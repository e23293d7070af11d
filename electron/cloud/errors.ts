import { KindError } from '../../shared/errors.ts';

/** Typed errors of the demo cloud. Messages never carry passwords, tokens or key bytes. */
export type CloudErrorKind =
  | 'bad-device-id'
  | 'bad-request'
  | 'ca'
  | 'mosquitto-missing'
  | 'mosquitto-start'
  | 'broker'
  | 'stopped';

export class CloudError extends KindError<CloudErrorKind> {
  override readonly name = 'CloudError';
}
