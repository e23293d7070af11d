/**
 * The verdict of `fieldlink diagnose` (CLI and UI), as data: every finding code with its severity.
 * What it means and what to do are in the message catalogue (shared/messages, ko and en) under
 * `diagnosis.<CODE>.meaning` / `.action`; `{name}` is filled from the finding's values.
 *
 * Severities: `ok`; `not-provisioned` — normal for a new unit that has not been through the connect
 * sequence yet (no certificates, no G-sensor calibration): the unit is fine, provisioning will set it;
 * `warning` — works, but worth a look; `fault` — something to fix before the unit can work (no SIM,
 * not registered, no data service, certificate mismatch, clock far off, weak signal).
 */
import type { DiagnosisSeverity } from './events.ts';
import { formatMessage, type Language } from './messages/index.ts';

/** Module clock further than this from the host clock is a fault (TLS date checks, M3). */
export const CLOCK_FAULT_S = 5 * 60;
/** RSRP below this (dBm) is a weak-signal fault; without RSRP, CSQ RSSI below WEAK_RSSI_DBM. */
export const WEAK_RSRP_DBM = -110;
export const WEAK_RSSI_DBM = -100;

/** Every finding code and its severity; its words are `diagnosis.<CODE>.meaning` / `.action` in the catalogue. */
export const FINDINGS = {
  SIM_READY: 'ok',
  NO_SIM: 'fault',
  REGISTERED: 'ok',
  NOT_REGISTERED: 'fault',
  SIGNAL_OK: 'ok',
  WEAK_SIGNAL: 'fault',
  SIGNAL_UNKNOWN: 'warning',
  DATA_SERVICE_OK: 'ok',
  NO_DATA_SERVICE: 'fault',
  CLOCK_OK: 'ok',
  CLOCK_OFF: 'fault',
  CLOCK_UNKNOWN: 'warning',
  NO_CERTIFICATES: 'not-provisioned',
  CERTIFICATES_MATCH: 'ok',
  CERTIFICATES_PRESENT: 'warning',
  CERTIFICATE_MISMATCH: 'fault',
  SSL_INCOMPLETE: 'fault',
  NOT_CALIBRATED: 'not-provisioned',
  CALIBRATION_OK: 'ok',
  CALIBRATION_OFF: 'fault',
  STEP_FAILED: 'fault',
} as const satisfies Record<string, DiagnosisSeverity>;

export type FindingCode = keyof typeof FINDINGS;
export type FindingValues = Record<string, string | number>;

const SEVERITY_ORDER: readonly DiagnosisSeverity[] = ['ok', 'not-provisioned', 'warning', 'fault'];

export function worstSeverity(severities: readonly DiagnosisSeverity[]): DiagnosisSeverity {
  return severities.reduce<DiagnosisSeverity>((worst, s) => (SEVERITY_ORDER.indexOf(s) > SEVERITY_ORDER.indexOf(worst) ? s : worst), 'ok');
}

/** A finding's words in one language (the catalogue's `diagnosis.<CODE>.*`). */
export function describeFinding(code: FindingCode, values: FindingValues, language: Language = 'en'): { severity: DiagnosisSeverity; meaning: string; action: string } {
  return {
    severity: FINDINGS[code],
    meaning: formatMessage(language, `diagnosis.${code}.meaning`, values),
    action: formatMessage(language, `diagnosis.${code}.action`, values),
  };
}

/** The verdict's headline per overall severity, in one language. */
export function verdictHeadline(severity: DiagnosisSeverity, language: Language = 'en'): string {
  return formatMessage(language, `diagnosis.headline.${severity}`);
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}
