/** Typed errors of the demo cloud. Messages never carry passwords, tokens or key bytes. */
export type CloudErrorKind =
  | 'bad-device-id'
  | 'bad-request'
  | 'ca'
  | 'mosquitto-missing'
  | 'mosquitto-start'
  | 'broker'
  | 'stopped';

export class CloudError extends Error {
  override readonly name = 'CloudError';
  constructor(
    readonly kind: CloudErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
