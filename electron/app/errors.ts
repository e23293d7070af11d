/**
 * Typed errors of the back end and the one place that turns any error into the `{ code, message }`
 * that crosses IPC. Messages pass the session redactor's secret patterns on the way out (K1, K6):
 * a PEM private key or a password that slipped into an engine message never reaches the renderer.
 */
import { ZodError } from 'zod';
import { IpcError } from '../../shared/ipc.ts';
import type { IpcErrorPayload } from '../../shared/ipc.ts';
import { ProfileError } from '../../shared/profile.ts';
import { AtAbortedError, AtClosedError, AtCommandError, AtProtocolError, AtTimeoutError } from '../engine/at/errors.ts';
import { RunnerStateError } from '../engine/sequence/runner.ts';
import { SessionFileError } from '../engine/session/session-dir.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { PortListError, TransportError } from '../engine/transport/errors.ts';
import { StoreError } from '../store/types.ts';

export type AppErrorCode =
  /** No run, profile or session by that name. */
  | 'not-found'
  /** The port is in use by another run. */
  | 'port-busy'
  /** The call does not fit the run's state (answerFota without an offer, retry of a running run). */
  | 'bad-state'
  /** A profile name that cannot become a file name, or is reserved. */
  | 'bad-name'
  | 'invalid-profile'
  /** A request the method cannot carry out as given (a terminal command that is too long or needs data). */
  | 'bad-request'
  | 'bad-session'
  /** A stored file (a command list) that is not valid JSON or fails its schema. */
  | 'bad-file'
  /** Opening or using the port failed. */
  | 'port'
  /** This back end cannot do it (importProfileFile without a desktop file dialog). */
  | 'unsupported'
  | 'internal';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Error classes of the engine and their IPC codes (checked with instanceof, in this order). */
const CODE_BY_ERROR_CLASS: ReadonlyArray<readonly [abstract new (...args: never[]) => Error, string]> = [
  [ProfileError, 'invalid-profile'],
  [TransportError, 'port'],
  [PortListError, 'port'],
  [SessionFileError, 'bad-session'],
  [RunnerStateError, 'bad-state'],
  [AtTimeoutError, 'at-timeout'],
  [AtCommandError, 'at-error'],
  [AtClosedError, 'port'],
  [AtAbortedError, 'aborted'],
  [AtProtocolError, 'at-error'],
  [StoreError, 'store'],
];

const codeOf = (error: Error): string => CODE_BY_ERROR_CLASS.find(([type]) => error instanceof type)?.[1] ?? 'internal';

const outgoing = new Redactor();

/** The IPC form of any error; unknown errors keep their message but get the code `internal`. */
export function toIpcErrorPayload(error: unknown): IpcErrorPayload {
  if (error instanceof IpcError || error instanceof AppError) return clean(error.code, error.message);
  if (error instanceof ZodError) return clean('bad-request', error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; '));
  if (error instanceof Error) return clean(codeOf(error), error.message);
  return clean('internal', String(error));
}

function clean(code: string, message: string): IpcErrorPayload {
  return { code, message: outgoing.redact(message) };
}
