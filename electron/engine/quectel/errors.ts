/**
 * Typed errors of the Quectel command library. Messages name the command and the parameter but
 * never carry parameter values: a value may be a password, a key path or a payload (K1).
 */

import type { MessageKey, PlainValue } from '../../../shared/messages/index.ts';

export type QuectelErrorKind =
  /** A value the host was about to send is not allowed (bad quote, out of range, bad URL...). */
  | 'invalid-parameter'
  /** The module answered something this library cannot read. */
  | 'unexpected-response'
  /** AT+CPIN? is not READY (or the SIM is missing). */
  | 'sim-not-ready'
  /** QFUPL/QFDWL size or checksum differs from the local bytes (S16). */
  | 'file-integrity'
  /** A file operation the module refused for a reason the caller must see (no space, too large...). */
  | 'file-rejected'
  /** +QHTTPGET/+QHTTPREAD/+QHTTPREADFILE reported a non-zero error (7xx). */
  | 'http-failed'
  /** The HTTP server answered with a status the operation cannot use. */
  | 'http-status'
  /** +QMTOPEN result other than 0 (M1). */
  | 'mqtt-open-failed'
  /** +QMTCONN other than 0,0,0 (M7). */
  | 'mqtt-connect-failed'
  /** +QMTSUB failed or a topic was refused (granted QoS 128). */
  | 'mqtt-subscribe-failed'
  /** +QMTPUB result other than 0 (M7). */
  | 'mqtt-publish-failed'
  /** +QMTDISC / +QMTCLOSE reported -1. */
  | 'mqtt-close-failed';

export interface QuectelErrorDetails {
  /** The command head, e.g. `AT+QFUPL` (never the full line: it may carry secrets). */
  command?: string;
  /** The parameter or field at fault, e.g. `url`, `will.topic`. */
  param?: string;
  /** The module's line that could not be used (device output, safe to show). */
  line?: string;
  /** A numeric result or error code from the module. */
  code?: number;
  /** What to do about it, from the code tables. */
  hint?: string;
  /** The code's words as catalogue keys (mqtt-codes.ts), so a screen can show them in its language. */
  words?: CodeWords;
}

/** Catalogue keys of a module code's meaning and hint, with their values. */
export interface CodeWords {
  meaningKey: MessageKey;
  hintKey: MessageKey;
  values?: Readonly<Record<string, PlainValue>>;
}

export class QuectelError extends Error {
  override readonly name = 'QuectelError';
  readonly command: string | undefined;
  readonly param: string | undefined;
  readonly line: string | undefined;
  readonly code: number | undefined;
  readonly hint: string | undefined;
  readonly words: CodeWords | undefined;

  constructor(
    readonly kind: QuectelErrorKind,
    message: string,
    details: QuectelErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.command = details.command;
    this.param = details.param;
    this.line = details.line;
    this.code = details.code;
    this.hint = details.hint;
    this.words = details.words;
  }
}

/** A parameter the host must not send. Names the parameter, never its value. */
export function invalidParameter(param: string, reason: string, command?: string): QuectelError {
  const where = command ? `${command}: ` : '';
  return new QuectelError('invalid-parameter', `${where}parameter "${param}" ${reason}`, { param, ...(command ? { command } : {}) });
}

/** An answer that does not have the documented shape. */
export function unexpectedResponse(command: string, what: string, line?: string): QuectelError {
  const shown = line === undefined ? '' : `: ${JSON.stringify(line)}`;
  return new QuectelError('unexpected-response', `${command}: ${what}${shown}`, { command, ...(line === undefined ? {} : { line }) });
}
