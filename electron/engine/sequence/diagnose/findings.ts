/**
 * `fieldlink diagnose`'s findings: each diagnose step records what it found as a verdict-table code
 * (shared/diagnosis.ts) in the run context; the verdict step turns them into one
 * `diagnosis-verdict` event. The rules that need numbers (signal, clock, registration) are here.
 */
import { CLOCK_FAULT_S, WEAK_RSRP_DBM, WEAK_RSSI_DBM, describeFinding, worstSeverity, type FindingCode, type FindingValues } from '../../../../shared/diagnosis.ts';
import type { DiagnosisVerdict } from '../../../../shared/events.ts';
import type { DeviceIdentity, DiagnosisFinding, RunContext } from '../context.ts';
import { StepError } from '../step-error.ts';

export function addFinding(ctx: RunContext, code: FindingCode, values: FindingValues = {}): void {
  (ctx.diagnosis ??= []).push({ code, values });
}

/** A diagnose step that fails records a fault with the failure's words, then fails as before. */
export function recordFailure(ctx: RunContext, step: string, error: unknown, code: FindingCode = 'STEP_FAILED'): void {
  addFinding(ctx, code, { step, detail: failureDetail(error), hint: 'see the step failure above' });
}

/** A failure in a few words: the StepError's `detail` (or its code), else the error message. */
export function failureDetail(error: unknown): string {
  if (error instanceof StepError) {
    const detail = error.vars['detail'];
    return detail === undefined ? error.code : `${String(detail)} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

const REGISTRATION_WORDS: Record<number, string> = { 0: 'not searching', 1: 'home network', 2: 'searching', 3: 'registration denied', 4: 'unknown', 5: 'roaming' };

/** Registration, signal (RSRP, else CSQ RSSI) and clock skew, from the identify readings. */
export function networkFindings(ctx: RunContext, identity: DeviceIdentity): void {
  const status = identity.status ?? {};
  const stat = identity.registration?.stat;
  const registration = stat === undefined ? 'no answer' : `${identity.registration?.command} stat ${stat}, ${REGISTRATION_WORDS[stat] ?? 'unknown'}`;
  if (stat === 1 || stat === 5) addFinding(ctx, 'REGISTERED', { operator: status.operator ?? status.plmn ?? 'the network', registration });
  else addFinding(ctx, 'NOT_REGISTERED', { registration });

  const rssiDbm = identity.signal && identity.signal.rssi !== 99 ? -113 + 2 * identity.signal.rssi : undefined;
  if (status.rsrpDbm !== undefined) {
    const signal = `RSRP ${status.rsrpDbm} dBm${status.rsrqDb !== undefined ? `, RSRQ ${status.rsrqDb} dB` : ''}${status.sinrDb !== undefined ? `, SINR ${status.sinrDb} dB` : ''}`;
    if (status.rsrpDbm < WEAK_RSRP_DBM) addFinding(ctx, 'WEAK_SIGNAL', { signal, limit: `RSRP ${WEAK_RSRP_DBM} dBm` });
    else addFinding(ctx, 'SIGNAL_OK', { signal });
  } else if (rssiDbm !== undefined) {
    const signal = `RSSI ${rssiDbm} dBm`;
    if (rssiDbm < WEAK_RSSI_DBM) addFinding(ctx, 'WEAK_SIGNAL', { signal, limit: `RSSI ${WEAK_RSSI_DBM} dBm` });
    else addFinding(ctx, 'SIGNAL_OK', { signal });
  } else addFinding(ctx, 'SIGNAL_UNKNOWN');

  if (status.clockSkewS === undefined) addFinding(ctx, 'CLOCK_UNKNOWN');
  else if (Math.abs(status.clockSkewS) > CLOCK_FAULT_S) addFinding(ctx, 'CLOCK_OFF', { skew: status.clockSkewS, limit: CLOCK_FAULT_S });
  else addFinding(ctx, 'CLOCK_OK', { skew: Math.abs(status.clockSkewS) });
}

const DETAIL_KEYS = ['signal', 'skew', 'detail', 'registration', 'residual', 'file'] as const;

/** The verdict event body: every finding in words (English; `values` let the UI show Korean). */
export function verdictOf(findings: readonly DiagnosisFinding[]): Omit<DiagnosisVerdict, 't'> {
  const rows = findings.map(({ code, values }) => {
    const words = describeFinding(code, values, 'en');
    const detailKey = DETAIL_KEYS.find((key) => key in values);
    return {
      code,
      severity: words.severity,
      meaning: words.meaning,
      action: words.action,
      ...(detailKey ? { detail: String(values[detailKey]) } : {}),
      values: { ...values },
    };
  });
  return { type: 'diagnosis-verdict', overall: worstSeverity(rows.map((r) => r.severity)), findings: rows };
}
