/**
 * StepError: a failure a step detects itself (no data service, residual tilt too large, image
 * refused...). It names a row of the failure table (failure-table.ts) and the values that fill the
 * row's words. Engine errors (AtTimeoutError, QuectelError, ...) are not wrapped: the failure
 * table maps them directly.
 */
import type { MessageValues } from '../../../shared/messages/index.ts';
import type { FailureCode } from './failure-table.ts';

/** Values for the row's words: plain, or a catalogue message (`ref(key)`) shown in the reader's language. */
export type FailureVars = MessageValues;

export interface StepErrorDetails {
  /** The AT command the failure belongs to (redacted before it is shown). */
  command?: string;
  /** What the module answered, verbatim. */
  moduleSaid?: string;
}

export class StepError extends Error {
  override readonly name = 'StepError';
  readonly kind = 'step' as const;
  constructor(
    readonly code: FailureCode,
    readonly vars: FailureVars = {},
    readonly details: StepErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}${Object.keys(vars).length > 0 ? ` ${JSON.stringify(vars)}` : ''}`, options);
  }
}
