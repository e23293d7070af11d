/** Typed errors of the TMS2 MCU commands. Messages carry device output only, never secrets. */

export type McuErrorKind = 'invalid-parameter' | 'unexpected-response' | 'fota-rejected';

export interface McuErrorDetails {
  command?: string;
  param?: string;
  line?: string;
  /** The device's reason for refusing an image (FOTA). */
  reason?: string;
}

export class McuError extends Error {
  override readonly name = 'McuError';
  readonly command: string | undefined;
  readonly param: string | undefined;
  readonly line: string | undefined;
  readonly reason: string | undefined;

  constructor(
    readonly kind: McuErrorKind,
    message: string,
    details: McuErrorDetails = {},
  ) {
    super(message);
    this.command = details.command;
    this.param = details.param;
    this.line = details.line;
    this.reason = details.reason;
  }
}
