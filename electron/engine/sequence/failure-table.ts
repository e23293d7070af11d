/**
 * THE failure table: every way a connect-sequence step can fail, as data. A row gives the stable
 * code, who is at fault (category → CLI exit code) and whether the runner may retry the step.
 * The words — what it means, what to do — are in the message catalogue (shared/messages) under
 * `failure.<CODE>.meaning` and `failure.<CODE>.hint`, in every language, with `{name}` filled from
 * the failure's values (failures.ts). A code without both words there does not compile.
 * Module code families (CME, HTTP 7xx, HTTP status, QMTOPEN, CONNACK) map onto rows through the
 * smaller tables at the end.
 */
import type { ExitCategory, FailureCategory } from '../../../shared/events.ts';
import type { MessageKey } from '../../../shared/messages/index.ts';
import type { StepId } from '../../../shared/steps.ts';

export interface FailureRow {
  category: FailureCategory;
  /** A retry of the step can help (network hiccup, busy module). Default false. */
  retryable?: boolean;
  /** Exit category when it is not the category's own (profile problems are usage errors). */
  exit?: ExitCategory;
}

export const FAILURES = {
  // ── port and AT engine ──────────────────────────────────────────────────────────────────────
  PORT_NOT_FOUND: { category: 'device' },
  PORT_BUSY: { category: 'device' },
  PORT_PERMISSION: { category: 'device' },
  PORT_OPEN_FAILED: { category: 'device' },
  PORT_BAD_URI: { category: 'user', exit: 'usage' },
  PORT_LOST: { category: 'device' },
  DEVICE_CHANGED: { category: 'device' },
  NO_ANSWER: { category: 'device', retryable: true },
  AT_TIMEOUT: { category: 'device', retryable: true },
  MODULE_UNRESPONSIVE: { category: 'device' },
  AT_ERROR: { category: 'device' },
  CME_ERROR: { category: 'device' },
  AT_PROTOCOL: { category: 'device', retryable: true },
  UNEXPECTED_RESPONSE: { category: 'device' },
  CANCELLED: { category: 'user' },
  STEP_TIMEOUT: { category: 'device' },

  // ── identify ────────────────────────────────────────────────────────────────────────────────
  SIM_NOT_INSERTED: { category: 'device' },
  SIM_NOT_READY: { category: 'device' },
  SIM_BUSY: { category: 'device', retryable: true },
  BAD_IMEI: { category: 'device' },

  // ── ssl-configure ───────────────────────────────────────────────────────────────────────────
  CERT_FILE_MISSING: { category: 'user', exit: 'usage' },
  FILE_INTEGRITY: { category: 'device', retryable: true },
  FILE_NO_SPACE: { category: 'device' },
  FILE_REJECTED: { category: 'device' },

  // ── data-service ────────────────────────────────────────────────────────────────────────────
  NO_DATA_SERVICE: { category: 'network', retryable: true },
  NOT_REGISTERED: { category: 'network', retryable: true },
  NETWORK_ERROR: { category: 'network', retryable: true },

  // ── server-info (HTTP) ──────────────────────────────────────────────────────────────────────
  HTTP_TIMEOUT: { category: 'network', retryable: true },
  HTTP_DNS: { category: 'network' },
  HTTP_CONNECT: { category: 'network', retryable: true },
  HTTP_FAILED: { category: 'network', retryable: true },
  HTTP_URL: { category: 'user', exit: 'usage' },
  HTTP_NOT_FOUND: { category: 'server' },
  HTTP_FORBIDDEN: { category: 'server' },
  HTTP_SERVER_ERROR: { category: 'server', retryable: true },
  HTTP_STATUS: { category: 'server' },
  SERVER_INFO_NOT_JSON: { category: 'server' },
  SERVER_INFO_INVALID: { category: 'server' },
  INSECURE_URL: { category: 'server' },
  SERVER_VALUE_INVALID: { category: 'server' },

  // ── calibration ─────────────────────────────────────────────────────────────────────────────
  CALIBRATION_OUT_OF_TOLERANCE: { category: 'device', retryable: true },
  CALIBRATION_NO_GRAVITY: { category: 'device' },
  CALIBRATION_NOT_STORED: { category: 'device', retryable: true },

  // ── fota ────────────────────────────────────────────────────────────────────────────────────
  VERSION_UNREADABLE: { category: 'device' },
  SERVER_VERSION_UNREADABLE: { category: 'server' },
  FOTA_NO_SPACE: { category: 'device' },
  FOTA_DOWNLOAD_FAILED: { category: 'network', retryable: true },
  FOTA_HTTP_STATUS: { category: 'server' },
  FOTA_SIZE_MISMATCH: { category: 'server', retryable: true },
  FOTA_TOO_LARGE: { category: 'server' },
  FOTA_REJECTED: { category: 'device' },
  FOTA_INTERRUPTED: { category: 'device' },
  FOTA_NOT_CONFIRMED: { category: 'device' },
  FOTA_APPLY_TIMEOUT: { category: 'device' },
  FOTA_REBOOT_TIMEOUT: { category: 'device' },

  // ── mqtt ────────────────────────────────────────────────────────────────────────────────────
  MQTT_OPEN_FAILED: { category: 'network', retryable: true },
  MQTT_OPEN_PARAMETER: { category: 'server' },
  MQTT_TLS_FAILED: { category: 'network' },
  MQTT_OPEN_TIMEOUT: { category: 'network', retryable: true },
  MQTT_REFUSED: { category: 'server' },
  MQTT_CONNECT_FAILED: { category: 'network', retryable: true },
  MQTT_SUBSCRIBE_FAILED: { category: 'server', retryable: true },
  MQTT_PUBLISH_FAILED: { category: 'network', retryable: true },
  MQTT_LOST: { category: 'network', retryable: true },
  PDP_CONFIG_FAILED: { category: 'network' },

  // ── fieldlink diagnose (read-only findings) ─────────────────────────────────────────────────
  DIAG_SSL_INCOMPLETE: { category: 'device' },
  DIAG_CALIBRATION_OFF: { category: 'device' },
  DIAG_CERT_MISMATCH: { category: 'device' },
  DIAG_FAULTS: { category: 'device' },

  // ── measurements and the results store (docs/sequence.md#measurements, docs/results-store.md) ─
  MEASUREMENT_OUT_OF_LIMITS: { category: 'device' },
  DUPLICATE_IMEI: { category: 'user', exit: 'failed' },
  DUPLICATES_UNCHECKABLE: { category: 'network' },

  // ── station mode (docs/station.md#duplicates) ──────────────────────────────────────────────
  UNIT_REFUSED: { category: 'user', exit: 'failed' },

  // ── everything else ─────────────────────────────────────────────────────────────────────────
  PROFILE_INVALID: { category: 'user', exit: 'usage' },
  MISSING_EARLIER_STEP: { category: 'internal' },
  INTERNAL: { category: 'internal' },
} as const satisfies Record<string, FailureRow>;

export type FailureCode = keyof typeof FAILURES;

/** The catalogue keys of a failure's words. */
export type FailureMessageKey = `failure.${FailureCode}.${'meaning' | 'hint'}`;
// Every row has its words in the catalogue: a row added without them is a compile error here.
type RowsHaveWords = FailureMessageKey extends MessageKey ? true : never;
export const FAILURE_ROWS_HAVE_WORDS: RowsHaveWords = true;

export const failureMeaningKey = (code: FailureCode): MessageKey => `failure.${code}.meaning`;
export const failureHintKey = (code: FailureCode): MessageKey => `failure.${code}.hint`;

/** `+CME ERROR` codes that have a row of their own (others: CME_ERROR, or the family rows below). */
export const CME_FAILURES: Readonly<Record<number, FailureCode>> = {
  3: 'AT_ERROR',
  4: 'AT_ERROR',
  10: 'SIM_NOT_INSERTED',
  11: 'SIM_NOT_READY',
  12: 'SIM_NOT_READY',
  13: 'SIM_NOT_READY',
  14: 'SIM_BUSY',
  15: 'SIM_NOT_READY',
  30: 'NOT_REGISTERED',
  31: 'NETWORK_ERROR',
  32: 'NOT_REGISTERED',
  403: 'FILE_NO_SPACE',
  420: 'FILE_NO_SPACE',
  406: 'FILE_REJECTED',
  423: 'FILE_REJECTED',
  702: 'HTTP_TIMEOUT',
  722: 'HTTP_TIMEOUT',
  727: 'HTTP_TIMEOUT',
  728: 'HTTP_TIMEOUT',
  714: 'HTTP_DNS',
  565: 'HTTP_DNS',
  711: 'HTTP_URL',
  712: 'HTTP_URL',
  713: 'HTTP_CONNECT',
  715: 'HTTP_CONNECT',
  716: 'HTTP_CONNECT',
  719: 'HTTP_CONNECT',
  566: 'HTTP_CONNECT',
};

/** Families of module codes without a row of their own. */
export function cmeFamily(code: number): FailureCode {
  if (code >= 700 && code < 800) return 'HTTP_FAILED';
  if (code >= 550 && code < 600) return 'NETWORK_ERROR';
  if (code >= 400 && code < 500) return 'FILE_REJECTED';
  return 'CME_ERROR';
}

/** The server's HTTP status when it is not 200. */
export function httpStatusFailure(status: number): FailureCode {
  if (status === 404 || status === 410) return 'HTTP_NOT_FOUND';
  if (status === 401 || status === 403) return 'HTTP_FORBIDDEN';
  if (status >= 500) return 'HTTP_SERVER_ERROR';
  return 'HTTP_STATUS';
}

/** +QMTOPEN: <idx>,<result> (M1): -1 is the usual face of a TLS failure (M3). */
export function qmtopenFailure(result: number): FailureCode {
  if (result === -1) return 'MQTT_TLS_FAILED';
  return result === 1 ? 'MQTT_OPEN_PARAMETER' : 'MQTT_OPEN_FAILED';
}

/** Category of each step's own time limit (STEP_TIMEOUT): every step has one (the type says so). */
export const STEP_TIMEOUT_CATEGORY: Readonly<Record<StepId, FailureCategory>> = {
  identify: 'device',
  'ssl-configure': 'device',
  'data-service': 'network',
  'server-info': 'network',
  calibration: 'device',
  'fota-main': 'device',
  'fota-sub': 'device',
  'mqtt-connect': 'network',
  'live-session': 'network',
};

/** FailureCategory → the run's exit category (electron/cli/exit-codes.ts). */
export const EXIT_BY_CATEGORY = {
  device: 'device',
  network: 'network',
  server: 'server',
  user: 'aborted',
  internal: 'internal',
} as const satisfies Record<FailureCategory, ExitCategory>;
