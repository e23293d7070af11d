/**
 * Typed errors of the AT engine. Every error names the command it belongs to and carries a `kind`.
 * Commands, lines and messages are redacted by the client before an error is built (K1), so an
 * error never holds a registered secret.
 */
import { KindError } from '../../../shared/errors.ts';
import type { TransportError } from '../transport/errors.ts';

export type AtErrorKind = 'timeout' | 'command' | 'closed' | 'aborted' | 'protocol' | 'unresponsive';
export type AtPhase = 'result' | 'deferred' | 'prompt' | 'connect' | 'data';

export abstract class AtError<K extends AtErrorKind = AtErrorKind> extends KindError<K> {
  constructor(
    kind: K,
    /** The command (redacted) this error belongs to, e.g. `AT+QMTOPEN=0,"broker",8883`. */
    readonly command: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(kind, message, options);
  }
}

const PHASE_WORDS: Record<AtPhase, string> = {
  result: 'result',
  deferred: 'deferred result',
  prompt: '> prompt',
  connect: 'CONNECT',
  data: 'data-mode bytes',
};

/** The device did not answer within the command table's (or the caller's) time limit. */
export class AtTimeoutError extends AtError<'timeout'> {
  override readonly name = 'AtTimeoutError';
  constructor(
    command: string,
    readonly phase: AtPhase,
    readonly timeoutMs: number,
    /** Information lines received before the timeout (redacted). */
    readonly lines: readonly string[] = [],
    /** For deferred results: the prefix that was awaited, e.g. `+QMTOPEN:`. */
    readonly awaited?: string,
  ) {
    const what = awaited ? `${PHASE_WORDS[phase]} ${awaited}` : PHASE_WORDS[phase];
    super('timeout', command, `${command}: no ${what} within ${timeoutMs} ms`);
  }
}

/** The device answered with ERROR, +CME ERROR, +CMS ERROR or NO CARRIER. */
export class AtCommandError extends AtError<'command'> {
  override readonly name = 'AtCommandError';
  constructor(
    command: string,
    /** The final result line, e.g. `+CME ERROR: 407`. */
    readonly final: string,
    /** Numeric or text error code (`407`, `SIM not inserted`); undefined for a plain ERROR. */
    readonly code: number | string | undefined,
    /** The code's meaning in words, from cme-codes.ts. */
    readonly meaning: string,
    readonly lines: readonly string[] = [],
  ) {
    super('command', command, `${command}: ${final} (${meaning})`);
  }
}

/** The port closed or was lost while the command was pending or queued (S1). */
export class AtClosedError extends AtError<'closed'> {
  override readonly name = 'AtClosedError';
  constructor(
    command: string,
    readonly port: string,
    override readonly cause?: TransportError,
  ) {
    super('closed', command, `${command}: port ${port} ${cause ? `lost (${cause.message})` : 'closed'}`, { cause });
  }
}

/** The caller's AbortSignal fired (or the client was disposed) before the command finished. */
export class AtAbortedError extends AtError<'aborted'> {
  override readonly name = 'AtAbortedError';
  constructor(command: string, reason = 'cancelled') {
    super('aborted', command, `${command}: ${reason}`);
  }
}

/** The device broke the protocol, e.g. OK where CONNECT was required for a data upload. */
export class AtProtocolError extends AtError<'protocol'> {
  override readonly name = 'AtProtocolError';
  constructor(
    command: string,
    detail: string,
    readonly lines: readonly string[] = [],
  ) {
    super('protocol', command, `${command}: ${detail}`);
  }
}

/**
 * The recovery ladder after an unanswered command found no way back (S10, S11): no answer to the
 * probe, none after the `+++` escape. Only a power cycle helps; the engine never resets the module
 * without the user's consent, so the command that would have gone next is not sent.
 */
export class AtUnresponsiveError extends AtError<'unresponsive'> {
  override readonly name = 'AtUnresponsiveError';
  constructor(
    command: string,
    /** What was tried, in order, e.g. `['AT+CMEE? probe', '+++ escape', 'AT+CGMI probe']`. */
    readonly tried: readonly string[],
  ) {
    super('unresponsive', command, `${command}: the module does not answer — power-cycle it (no answer to: ${tried.join(', ')})`);
  }
}

export function isAtError(error: unknown): error is AtError {
  return error instanceof AtError;
}
