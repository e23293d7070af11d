/**
 * THE failure table: every way a connect-sequence step can fail, as data. A row gives the stable
 * code, who is at fault (category → CLI exit code), what it means in words, what to do, and
 * whether the runner may retry the step. `{name}` in a text is filled from the failure's values
 * (failures.ts). Module code families (CME, HTTP 7xx, HTTP status, QMTOPEN, CONNACK) map onto
 * rows through the smaller tables at the end.
 */
import type { ExitCategory, FailureCategory } from '../../../shared/events.ts';

export interface FailureRow {
  category: FailureCategory;
  meaning: string;
  hint: string;
  /** A retry of the step can help (network hiccup, busy module). Default false. */
  retryable?: boolean;
  /** Exit category when it is not the category's own (profile problems are usage errors). */
  exit?: ExitCategory;
}

const TLS_HINT = 'check the CA certificate, client certificate and key bound with AT+QSSLCFG (cacert/clientcert/clientkey) and the module clock (M3)';

export const FAILURES = {
  // ── port and AT engine ──────────────────────────────────────────────────────────────────────
  PORT_NOT_FOUND: { category: 'device', meaning: 'the port {port} does not exist or nothing answers there', hint: 'check the cable and the port name (`fieldlink ports` lists them)' },
  PORT_BUSY: { category: 'device', meaning: 'another program holds the port {port}', hint: 'close the other program (terminal, ModemManager) and start again (S3)' },
  PORT_PERMISSION: { category: 'device', meaning: 'no permission to open the port {port}', hint: 'add your user to the dialout group (Linux) or run with access rights' },
  PORT_OPEN_FAILED: { category: 'device', meaning: 'the port {port} could not be opened: {detail}', hint: 'check the cable and the port settings (baud rate)' },
  PORT_BAD_URI: { category: 'user', meaning: '{detail}', hint: 'use a device path, COMn, tcp://host:port or sim:', exit: 'usage' },
  PORT_LOST: { category: 'device', meaning: 'the port was lost (cable pulled or device reset) and did not come back', hint: 'reconnect the device, then resume the run from this step (S1, S2)' },
  DEVICE_CHANGED: { category: 'device', meaning: 'the port came back with another device (IMEI {found}, expected {expected})', hint: 'reconnect the original device or start a new run' },
  NO_ANSWER: { category: 'device', meaning: 'the module does not answer AT on {port}', hint: 'check that the device is powered, the port is the AT interface and the baud rate is right (S9, S10)', retryable: true },
  AT_TIMEOUT: { category: 'device', meaning: 'the module did not answer {command} within {timeoutMs} ms', hint: 'the module may be busy or rebooting; check the cable and retry (S10)', retryable: true },
  AT_ERROR: { category: 'device', meaning: 'the module rejected {command}', hint: 'this module firmware may not support the command or one of its parameters' },
  CME_ERROR: { category: 'device', meaning: 'the module answered {command} with error {code}: {detail}', hint: 'see the module error tables (quectel-at.md §9)' },
  AT_PROTOCOL: { category: 'device', meaning: 'the module broke the AT protocol: {detail}', hint: 'check that nothing else writes to the port, then retry', retryable: true },
  UNEXPECTED_RESPONSE: { category: 'device', meaning: 'unreadable answer: {detail}', hint: 'the module firmware answers differently than expected; send the session log to support' },
  CANCELLED: { category: 'user', meaning: 'the run was cancelled', hint: 'start the run again or resume it from this step' },
  STEP_TIMEOUT: { category: 'device', meaning: 'the step did not finish within {timeoutMs} ms', hint: 'raise steps.{step}.timeoutMs in the profile if this device is slow', retryable: true },

  // ── identify ────────────────────────────────────────────────────────────────────────────────
  SIM_NOT_INSERTED: { category: 'device', meaning: 'no SIM card: the module reports {detail}', hint: 'insert a SIM card (power the device off first) and start again' },
  SIM_NOT_READY: { category: 'device', meaning: 'the SIM is not ready: {detail}', hint: 'unlock the SIM (PIN/PUK) or replace it' },
  SIM_BUSY: { category: 'device', meaning: 'the SIM is busy', hint: 'wait a few seconds after power-up and retry', retryable: true },
  BAD_IMEI: { category: 'device', meaning: 'the module reports no valid IMEI', hint: 'the module is not provisioned; send the session log to support' },

  // ── ssl-configure ───────────────────────────────────────────────────────────────────────────
  CERT_FILE_MISSING: { category: 'user', meaning: '{detail}', hint: 'fix the certificate paths in the profile', exit: 'usage' },
  FILE_INTEGRITY: { category: 'device', meaning: 'the module stored different bytes than sent: {detail}', hint: 'bytes were lost on the serial line (S16): check the cable, lower the baud rate, retry', retryable: true },
  FILE_NO_SPACE: { category: 'device', meaning: 'the module file system is full: {detail}', hint: 'delete unused files (AT+QFDEL) and retry (F7)' },
  FILE_REJECTED: { category: 'device', meaning: 'the module refused the file: {detail}', hint: 'check the module file name in the profile (tls.moduleFiles)' },

  // ── data-service ────────────────────────────────────────────────────────────────────────────
  NO_DATA_SERVICE: { category: 'network', meaning: 'no data service: {detail}', hint: 'check the signal, the SIM data plan and the APN (pdp.apn in the profile)', retryable: true },
  NOT_REGISTERED: { category: 'network', meaning: 'not registered on the network: {detail}', hint: 'check the antenna, the signal (AT+CSQ) and that the SIM is activated', retryable: true },
  NETWORK_ERROR: { category: 'network', meaning: 'network error on {command}: {detail}', hint: 'check the signal and the PDP context, then retry', retryable: true },

  // ── server-info (HTTP) ──────────────────────────────────────────────────────────────────────
  HTTP_TIMEOUT: { category: 'network', meaning: 'the HTTP server did not answer in time ({detail})', hint: 'check the server address and that the server is up, then retry', retryable: true },
  HTTP_DNS: { category: 'network', meaning: 'the server host name does not resolve ({detail})', hint: 'check the host in serverInfoUrl and the network DNS' },
  HTTP_CONNECT: { category: 'network', meaning: 'the module could not connect to the HTTP server ({detail})', hint: `check the server address and port; for https ${TLS_HINT}`, retryable: true },
  HTTP_FAILED: { category: 'network', meaning: 'the module HTTP client failed on {command}: {detail}', hint: 'retry; if it repeats, check the PDP context and the URL', retryable: true },
  HTTP_URL: { category: 'user', meaning: 'the module refused the URL: {detail}', hint: 'check serverInfoUrl in the profile', exit: 'usage' },
  HTTP_NOT_FOUND: { category: 'server', meaning: 'the server answered HTTP {status}: no server info for this device', hint: 'check serverInfoUrl in the profile and that the device is registered on the server' },
  HTTP_FORBIDDEN: { category: 'server', meaning: 'the server answered HTTP {status}: access refused', hint: 'the device is not authorised on the server; check its registration' },
  HTTP_SERVER_ERROR: { category: 'server', meaning: 'the server answered HTTP {status} (server error)', hint: 'the server has a problem; retry later or tell the server team', retryable: true },
  HTTP_STATUS: { category: 'server', meaning: 'the server answered HTTP {status}', hint: 'the server did not deliver the document; tell the server team' },
  SERVER_INFO_NOT_JSON: { category: 'server', meaning: 'the server-info answer is not JSON', hint: 'the URL may point at a web page or a proxy error; check serverInfoUrl and the server' },
  SERVER_INFO_INVALID: { category: 'server', meaning: 'the server-info document is invalid: {detail}', hint: 'quote this field to the server team (format: spec/connect-sequence.md)' },
  SERVER_VALUE_INVALID: { category: 'server', meaning: 'a server value cannot be sent to the module: {detail}', hint: 'quote this field to the server team' },

  // ── calibration ─────────────────────────────────────────────────────────────────────────────
  CALIBRATION_OUT_OF_TOLERANCE: {
    category: 'device',
    meaning: 'residual tilt {residual}° exceeds the tolerance {tolerance}° (server roll {serverRoll}°, pitch {serverPitch}°; measured roll {measuredRoll}°, pitch {measuredPitch}°)',
    hint: 'check that the device is mounted as registered on the server (RollInfo) and at rest, then retry',
    retryable: true,
  },
  CALIBRATION_NO_GRAVITY: { category: 'device', meaning: 'the G-sensor reading has no gravity vector: {detail}', hint: 'the G-sensor may be faulty; send the session log to support' },
  CALIBRATION_NOT_STORED: { category: 'device', meaning: 'the device stored roll {storedRoll}°, pitch {storedPitch}° instead of {serverRoll}°, {serverPitch}°', hint: 'retry; if it repeats the MCU firmware does not keep the angles', retryable: true },

  // ── fota ────────────────────────────────────────────────────────────────────────────────────
  VERSION_UNREADABLE: { category: 'device', meaning: '{detail}', hint: 'the version cannot be compared; no update was made — tell support which firmware the device runs' },
  SERVER_VERSION_UNREADABLE: { category: 'server', meaning: '{detail}', hint: 'the server offers a version that cannot be compared; tell the server team' },
  FOTA_NO_SPACE: { category: 'device', meaning: 'the {target} image needs {size} bytes but the module has {free} bytes free', hint: 'delete unused files on the module (AT+QFDEL) and retry; the old version {current} remains (F7)' },
  FOTA_DOWNLOAD_FAILED: { category: 'network', meaning: 'downloading the {target} image failed: {detail}', hint: 'check the network and retry; the old version {current} remains (F4)', retryable: true },
  FOTA_HTTP_STATUS: { category: 'server', meaning: 'the firmware server answered HTTP {status} for the {target} image', hint: 'check the firmware URL in the server-info document; the old version {current} remains' },
  FOTA_SIZE_MISMATCH: { category: 'server', meaning: 'the {target} image on the module is {stored} bytes, the server said {size}', hint: 'the download was cut or the server document is wrong; retry; the old version {current} remains (F2, F4)', retryable: true },
  FOTA_REJECTED: { category: 'device', meaning: 'the device refused the {target} image ({detail}); the old version {current} remains', hint: 'the image is corrupted or does not match the server checksum; retry, or tell the server team (F1)' },
  FOTA_INTERRUPTED: { category: 'device', meaning: 'the {target} update was interrupted ({detail}); the device still runs {current} — the old version remains', hint: 'keep the device powered and connected (do not unplug) and run the update again (F5)' },
  FOTA_NOT_CONFIRMED: { category: 'device', meaning: 'after the {target} update the device reports {found}, not {offered}; the old version remains', hint: 'run the update again; if it repeats send the session log to support' },
  FOTA_APPLY_TIMEOUT: { category: 'device', meaning: 'the device did not finish applying the {target} image within {timeoutMs} ms', hint: 'keep the device powered (do not unplug); identify it again to see which version runs (F5)' },
  FOTA_REBOOT_TIMEOUT: { category: 'device', meaning: 'the device did not come back after the {target} update within {timeoutMs} ms', hint: 'keep the device powered; reconnect and resume to confirm the version (F5)' },

  // ── mqtt ────────────────────────────────────────────────────────────────────────────────────
  MQTT_OPEN_FAILED: { category: 'network', meaning: 'MQTT open failed: {detail}', hint: '{codeHint}', retryable: true },
  MQTT_OPEN_PARAMETER: { category: 'server', meaning: 'MQTT open failed: the module rejected the broker host or port ({detail})', hint: '{codeHint}' },
  MQTT_TLS_FAILED: { category: 'network', meaning: 'MQTT open failed: {detail} — usually the TLS handshake', hint: TLS_HINT },
  MQTT_OPEN_TIMEOUT: { category: 'network', meaning: 'the broker did not answer AT+QMTOPEN within {timeoutMs} ms', hint: 'check the broker host and port from server-info and the network', retryable: true },
  MQTT_REFUSED: { category: 'server', meaning: '{detail}', hint: '{codeHint}' },
  MQTT_CONNECT_FAILED: { category: 'network', meaning: 'MQTT connect failed: {detail}', hint: '{codeHint}', retryable: true },
  MQTT_SUBSCRIBE_FAILED: { category: 'server', meaning: 'MQTT subscribe failed: {detail}', hint: '{codeHint}', retryable: true },
  MQTT_PUBLISH_FAILED: { category: 'network', meaning: 'MQTT publish failed: {detail}', hint: '{codeHint}', retryable: true },
  MQTT_LOST: { category: 'network', meaning: 'the MQTT connection was lost: {detail} (+QMTSTAT {qmtstat})', hint: '{codeHint}', retryable: true },
  PDP_CONFIG_FAILED: { category: 'network', meaning: 'the module refused the PDP context setting: {detail}', hint: 'check pdp.contextId and pdp.apn in the profile' },

  // ── fieldlink diagnose (read-only findings) ─────────────────────────────────────────────────
  DIAG_SSL_INCOMPLETE: { category: 'device', meaning: 'SSL context {ctx} is not usable: {detail}', hint: 'run the connect sequence (fieldlink run) to upload and bind the certificates' },
  DIAG_CALIBRATION_OFF: { category: 'device', meaning: 'the stored mounting (roll {storedRoll}°, pitch {storedPitch}°) leaves a residual tilt of {residual}° (tolerance {tolerance}°)', hint: 'run the connect sequence to calibrate with the server RollInfo' },

  // ── everything else ─────────────────────────────────────────────────────────────────────────
  PROFILE_INVALID: { category: 'user', meaning: '{detail}', hint: 'fix the profile file', exit: 'usage' },
  MISSING_EARLIER_STEP: { category: 'internal', meaning: 'this step needs the result of {missing}, which has not run in this session', hint: 'resume from an earlier step or start a new run' },
  INTERNAL: { category: 'internal', meaning: 'Fieldlink failed: {detail}', hint: 'this is a bug in Fieldlink; send the session log to support' },
} as const satisfies Record<string, FailureRow>;

export type FailureCode = keyof typeof FAILURES;

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

/** Category of each step's own time limit (STEP_TIMEOUT). */
export const STEP_TIMEOUT_CATEGORY = {
  identify: 'device',
  'ssl-configure': 'device',
  'data-service': 'network',
  'server-info': 'network',
  calibration: 'device',
  'fota-main': 'device',
  'fota-sub': 'device',
  'mqtt-connect': 'network',
  'live-session': 'network',
} as const satisfies Record<string, FailureCategory>;

/** FailureCategory → the run's exit category (electron/cli/exit-codes.ts). */
export const EXIT_BY_CATEGORY = {
  device: 'device',
  network: 'network',
  server: 'server',
  user: 'aborted',
  internal: 'internal',
} as const satisfies Record<FailureCategory, ExitCategory>;
