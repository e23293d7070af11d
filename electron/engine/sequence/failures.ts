/**
 * Typed engine errors → StepFailure {code, values, command, moduleSaid, category, meaning, hint},
 * through the failure table (failure-table.ts). `classify` decides the row and its values; the
 * words are the catalogue's (shared/messages), rendered by whoever shows the failure in the
 * reader's language; `describe` also stores the English words for machine readers. Module code
 * words (CONNACK, QMTOPEN, QMTSTAT) travel as catalogue references, never as baked-in English.
 * The runner redacts the result before anyone sees it (K1).
 */
import { AtAbortedError, AtClosedError, AtCommandError, AtProtocolError, AtTimeoutError, AtUnresponsiveError } from '../at/errors.ts';
import { McuError } from '../tms2/errors.ts';
import { CalibrationError } from '../tms2/calibration.ts';
import { QuectelError } from '../quectel/errors.ts';
import { describeConnack, describeOpenResult, describeQmtstat, type CodeInfo } from '../quectel/mqtt-codes.ts';
import type { CodeWords } from '../quectel/errors.ts';
import { moduleErrorCode } from '../quectel/module-errors.ts';
import { TransportError } from '../transport/errors.ts';
import { ProfileError } from '../../../shared/profile.ts';
import { ServerInfoError } from '../../../shared/server-info.ts';
import { VersionError } from '../../../shared/version.ts';
import type { ExitCategory, StepFailure } from '../../../shared/events.ts';
import type { StepId } from '../../../shared/steps.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import { ref, type MessageValues } from '../../../shared/messages/index.ts';
import { CME_FAILURES, EXIT_BY_CATEGORY, FAILURES, STEP_TIMEOUT_CATEGORY, cmeFamily, httpStatusFailure, qmtopenFailure } from './failure-table.ts';
import type { FailureCode, FailureRow } from './failure-table.ts';
import { StepError } from './step-error.ts';
import type { FailureVars } from './step-error.ts';

export interface Classified {
  code: FailureCode;
  vars: FailureVars;
  command?: string;
  moduleSaid?: string;
}

export interface DescribedFailure {
  failure: StepFailure;
  retryable: boolean;
  exitCategory: ExitCategory;
}

const TRANSPORT_CODES: Record<TransportError['kind'], FailureCode> = {
  'not-found': 'PORT_NOT_FOUND',
  busy: 'PORT_BUSY',
  permission: 'PORT_PERMISSION',
  'open-failed': 'PORT_OPEN_FAILED',
  lost: 'PORT_LOST',
  closed: 'PORT_LOST',
  'bad-uri': 'PORT_BAD_URI',
};

/** Deferred URCs whose timeout is the network's or the server's, not the module's. */
const DEFERRED_TIMEOUTS: Readonly<Record<string, FailureCode>> = {
  '+QHTTPGET:': 'HTTP_TIMEOUT',
  '+QHTTPREAD:': 'HTTP_TIMEOUT',
  '+QHTTPREADFILE:': 'HTTP_TIMEOUT',
  '+QMTOPEN:': 'MQTT_OPEN_TIMEOUT',
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function classifyAt(error: unknown): Classified | undefined {
  if (error instanceof AtTimeoutError) {
    const command = error.command;
    const vars = { command, timeoutMs: error.timeoutMs, detail: `no ${error.awaited ?? 'answer'} within ${error.timeoutMs} ms` };
    const said = error.lines.length > 0 ? error.lines.join(' | ') : '(no answer)';
    const code = (error.awaited && DEFERRED_TIMEOUTS[error.awaited]) || (command.trim().toUpperCase() === 'AT' ? 'NO_ANSWER' : 'AT_TIMEOUT');
    return { code, vars, command, moduleSaid: said };
  }
  if (error instanceof AtCommandError) {
    const code = moduleErrorCode(error);
    const row = code === undefined ? (error.final.trim() === 'ERROR' ? 'AT_ERROR' : 'CME_ERROR') : (CME_FAILURES[code] ?? cmeFamily(code));
    return { code: row, vars: { command: error.command, code: code ?? error.code ?? 'ERROR', detail: error.meaning }, command: error.command, moduleSaid: error.final };
  }
  if (error instanceof AtUnresponsiveError) {
    return { code: 'MODULE_UNRESPONSIVE', vars: { command: error.command, detail: `no answer to ${error.tried.join(', ')}` }, command: error.command, moduleSaid: '(no answer)' };
  }
  if (error instanceof AtClosedError) return { code: 'PORT_LOST', vars: { detail: error.message }, command: error.command };
  if (error instanceof AtAbortedError) return { code: 'CANCELLED', vars: {}, command: error.command };
  if (error instanceof AtProtocolError) return { code: 'AT_PROTOCOL', vars: { detail: error.message }, command: error.command, moduleSaid: error.lines.join(' | ') };
  return undefined;
}

/** `+QMTCONN: 0,0,5` → the broker's CONNACK refusal; anything else is a link problem. */
function classifyConnect(error: QuectelError): Classified {
  const fields = /\+QMTCONN:\s*(-?\d+),(-?\d+)(?:,(-?\d+))?/.exec(error.line ?? '');
  const said = { command: 'AT+QMTCONN', ...(error.line ? { moduleSaid: error.line } : {}) };
  if (fields && fields[2] === '0' && fields[3] !== undefined) {
    return { code: 'MQTT_REFUSED', vars: wordsVars(describeConnack(Number(fields[3]))), ...said };
  }
  return { code: 'MQTT_CONNECT_FAILED', vars: quectelVars(error), ...said };
}

const SERVER_PARAMS = new Set(['host', 'port', 'url', 'password', 'roll', 'pitch', 'sha256', 'size']);

/** A module code's words as catalogue references: `{detail}` is the meaning, `{codeHint}` what to do. */
function wordsVars(words: CodeWords | CodeInfo): MessageValues {
  return { detail: ref(words.meaningKey, words.values), codeHint: ref(words.hintKey, words.values) };
}

/** The values of a QuectelError: its code words when it has them, else its message. */
function quectelVars(error: QuectelError): MessageValues {
  const base = { command: error.command ?? '' };
  if (error.words) return { ...base, ...wordsVars(error.words) };
  return { ...base, detail: error.message, codeHint: error.hint ?? '' };
}

function classifyQuectel(error: QuectelError): Classified {
  const said = { ...(error.command ? { command: error.command } : {}), ...(error.line ? { moduleSaid: error.line } : {}) };
  const vars = quectelVars(error);
  switch (error.kind) {
    case 'sim-not-ready':
      return { code: /NOT INSERTED/.test(error.message) ? 'SIM_NOT_INSERTED' : 'SIM_NOT_READY', vars: { detail: error.message.replace(/^SIM is not ready: /, '') }, ...said };
    case 'file-integrity':
      return { code: 'FILE_INTEGRITY', vars, ...said };
    case 'file-rejected':
      return { code: error.code === 420 || error.code === 403 ? 'FILE_NO_SPACE' : 'FILE_REJECTED', vars, ...said };
    case 'http-failed':
      return { code: error.code === undefined ? 'HTTP_FAILED' : (CME_FAILURES[error.code] ?? cmeFamily(error.code)), vars, ...said };
    case 'http-status':
      return { code: httpStatusFailure(error.code ?? 0), vars: { status: error.code ?? 0 }, ...said };
    case 'mqtt-open-failed':
      return { code: qmtopenFailure(error.code ?? -1), vars: wordsVars(describeOpenResult(error.code ?? -1)), ...said };
    case 'mqtt-connect-failed':
      return classifyConnect(error);
    case 'mqtt-subscribe-failed':
      return { code: 'MQTT_SUBSCRIBE_FAILED', vars, ...said };
    case 'mqtt-publish-failed':
      return { code: 'MQTT_PUBLISH_FAILED', vars, ...said };
    case 'mqtt-close-failed':
      return { code: 'NETWORK_ERROR', vars, ...said };
    case 'invalid-parameter':
      return { code: SERVER_PARAMS.has(error.param ?? '') ? 'SERVER_VALUE_INVALID' : 'INTERNAL', vars, ...said };
    case 'unexpected-response':
      return { code: 'UNEXPECTED_RESPONSE', vars, ...said };
  }
}

function classifyOther(error: unknown): Classified {
  if (error instanceof TransportError) return { code: TRANSPORT_CODES[error.kind], vars: { port: error.port, detail: error.message } };
  if (error instanceof McuError) {
    const said = { ...(error.command ? { command: error.command } : {}), ...(error.line ? { moduleSaid: error.line } : {}) };
    const code: FailureCode = error.kind === 'invalid-parameter' ? 'SERVER_VALUE_INVALID' : 'UNEXPECTED_RESPONSE';
    return { code, vars: { detail: error.message }, ...said };
  }
  if (error instanceof ServerInfoError) {
    return { code: error.kind === 'not-json' ? 'SERVER_INFO_NOT_JSON' : 'SERVER_INFO_INVALID', vars: { detail: error.message.replace(/^server-info /, '') } };
  }
  if (error instanceof VersionError) return { code: error.role === 'server' ? 'SERVER_VERSION_UNREADABLE' : 'VERSION_UNREADABLE', vars: { detail: error.message } };
  if (error instanceof ProfileError) {
    const certFile = error.kind === 'file-missing' || error.kind === 'cert-invalid';
    return { code: certFile ? 'CERT_FILE_MISSING' : 'PROFILE_INVALID', vars: { detail: error.message } };
  }
  if (error instanceof CalibrationError) return { code: 'CALIBRATION_NO_GRAVITY', vars: { detail: error.message } };
  return { code: 'INTERNAL', vars: { detail: message(error) } };
}

/** Which row of the failure table an error is, and the values for its words. */
export function classify(error: unknown): Classified {
  if (error instanceof StepError) return { code: error.code, vars: error.vars, ...error.details };
  if (error instanceof QuectelError) return classifyQuectel(error);
  return classifyAt(error) ?? classifyOther(error);
}

export interface FailureContext {
  step: StepId;
  port: string;
}

/** The StepFailure for a classified error, plus what the runner needs to decide. */
export function describe(classified: Classified, context: FailureContext): DescribedFailure {
  const row: FailureRow = FAILURES[classified.code];
  const values: MessageValues = { step: context.step, port: context.port, ...classified.vars };
  const category = classified.code === 'STEP_TIMEOUT' ? STEP_TIMEOUT_CATEGORY[context.step] : row.category;
  const english = failureText({ code: classified.code, values }, 'en');
  const failure: StepFailure = {
    code: classified.code,
    values,
    ...(classified.command ? { command: classified.command } : {}),
    ...(classified.moduleSaid ? { moduleSaid: classified.moduleSaid } : {}),
    meaning: english.meaning,
    hint: english.hint,
    category,
  };
  return { failure, retryable: row.retryable ?? false, exitCategory: row.exit ?? EXIT_BY_CATEGORY[category] };
}

/** classify + describe. */
export function describeFailure(error: unknown, context: FailureContext): DescribedFailure {
  return describe(classify(error), context);
}

/** A +QMTSTAT code as a StepFailure (M2), for a session lost while live. */
export function mqttLostFailure(code: number, context: FailureContext): DescribedFailure {
  return describe({ code: 'MQTT_LOST', vars: { ...wordsVars(describeQmtstat(code)), qmtstat: code }, moduleSaid: `+QMTSTAT: 0,${code}` }, context);
}
