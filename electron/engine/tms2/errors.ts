/** Typed errors of the TMS2 MCU commands. Messages carry device output only, never secrets. */

export type McuErrorKind = 'invalid-parameter' | 'unexpected-response' | 'fota-rejected';

export class McuError extends Error {
  override readonly name = 'McuError';
  constructor(
    readonly kind: McuErrorKind,
    message: string,
    readonly details: { command?: string; param?: string; line?: string; reason?: string } = {},
  ) {
    super(message);
  }
}
