/**
 * Words for the terminal: one run event → text lines, the failure block, the final summary.
 * Pure functions shared by the live step list (tty.ts) and the plain-line output (plain.ts).
 * Event text is already redacted by the runner.
 */
import type { DeviceIdentified, DeviceStatus, DiagnosisSeverity, DiagnosisVerdict, RunnerEvent, StepFailure } from '../../../shared/events.ts';
import { VERDICT_HEADLINE } from '../../../shared/diagnosis.ts';
import { STEP_TITLES, type Language, type StepId } from '../../../shared/steps.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';
import { prettyPayload } from '../../engine/sequence/payloads.ts';

export const ICONS = { pending: '·', running: '▶', passed: '✔', skipped: '–', failed: '✘' } as const;
export type StepStatus = keyof typeof ICONS;

export function stepTitle(step: StepId, lang: Language = 'en'): string {
  return STEP_TITLES[step][lang];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const indent = (text: string, by = '    ') => text.split('\n').map((line) => `${by}${line}`).join('\n');

/** The lines that explain a failure: what, command, module answer, what to do, code. */
export function failureBlock(step: StepId, failure: StepFailure): string[] {
  const lines = [`${ICONS.failed} ${stepTitle(step)} — FAILED`, `    what:    ${failure.meaning}`];
  if (failure.command) lines.push(`    command: ${failure.command}`);
  if (failure.moduleSaid) lines.push(`    module:  ${failure.moduleSaid}`);
  lines.push(`    do:      ${failure.hint}`, `    code:    ${failure.code} (${failure.category})`);
  return lines;
}

/** Lines for the events that are not the step list itself (device, calibration, FOTA, MQTT). */
export function detailLines(event: RunnerEvent): string[] {
  switch (event.type) {
    case 'device-identified':
      return [`    device ${event.deviceId}: ${event.model} ${event.revision}, main ${event.mainFw}, sub ${event.subFw}`, ...simLines(event)];
    case 'device-status':
      return simLines(event).map((line) => line.replace(/^ {4}/, '    live: '));
    case 'diagnosis-verdict':
      return verdictLines(event);
    case 'calibration-result':
      return [
        `    calibration: residual ${event.residualDeg}° (tolerance ${event.toleranceDeg}°) — server roll ${event.serverRoll}°, pitch ${event.serverPitch}°; measured roll ${event.measuredRoll}°, pitch ${event.measuredPitch}°`,
      ];
    case 'fota-offer':
      return [`    firmware offer: ${event.target} ${event.current} → ${event.offered} (${event.size} bytes)`];
    case 'fota-result':
      return [`    ${event.target} firmware: ${event.message}`];
    case 'run-resumed':
      return [`resumed from ${stepTitle(event.fromStep)}${event.source === 'run-folder' ? ' (from the run folder)' : ''}${event.reread.length > 0 ? `; re-reading ${event.reread.join(', ')}` : ''}`];
    case 'warning':
      return [`    ⚠ WARNING ${event.code}: ${event.message}`];
    case 'tls-setup':
      return [`    TLS: seclevel ${event.seclevel}, module date check ${event.timeCheck}, host-name check ${event.hostnameCheck}; CA SHA-256 ${event.caFingerprints[0] ?? '—'}`];
    case 'mqtt-state':
      return [`    MQTT ${event.state}${event.detail ? `: ${event.detail}` : ''}`];
    case 'mqtt-message':
      return event.direction === 'in'
        ? [`    ← ${event.topic}`, indent(prettyPayload(event.payload), '      ')]
        : [`    → ${event.topic}: ${event.payload}`];
    default:
      return [];
  }
}

/** Plain output: every event as complete lines (no cursor movement). */
export function plainLines(event: RunnerEvent): string[] {
  switch (event.type) {
    case 'run-started':
      return [`Fieldlink run ${event.runId} on ${event.port} (profile ${event.profileName})`];
    case 'step-started':
      return [`${ICONS.running} ${stepTitle(event.step)}`];
    case 'step-progress':
      return [`    ${event.message}${event.percent === undefined ? '' : ` (${Math.round(event.percent)} %)`}`];
    case 'step-passed':
      return [`${ICONS.passed} ${stepTitle(event.step)} — ${event.summary} (${seconds(event.durationMs)})`];
    case 'step-skipped':
      return [`${ICONS.skipped} ${stepTitle(event.step)} — skipped: ${event.reason}`];
    case 'step-failed':
      return failureBlock(event.step, event.error);
    default:
      return detailLines(event);
  }
}

/** The last lines of a run: outcome, where the report is, how to continue. */
export function summaryLines(result: RunResult): string[] {
  const who = result.deviceId ? ` ${result.deviceId}` : '';
  const lines = [`${result.outcome.toUpperCase()}${who}`];
  if (result.failure) lines.push(`  failed at: ${stepTitle(result.failure.step)} — ${result.failure.meaning}`);
  lines.push(`  report:  ${result.files.reportHtml}`, `  json:    ${result.files.reportJson}`, `  log:     ${result.files.log}`);
  return lines;
}

const ICON_OF: Record<DiagnosisSeverity, string> = { ok: '✔', 'not-provisioned': '○', warning: '⚠', fault: '✘' };

/** The verdict: headline, then every finding with its severity, meaning and what to do. */
function verdictLines(event: DiagnosisVerdict): string[] {
  const lines = [`VERDICT: ${VERDICT_HEADLINE[event.overall].en}`];
  for (const finding of event.findings) {
    lines.push(`  ${ICON_OF[finding.severity]} ${finding.severity.padEnd(15)} ${finding.code}: ${finding.meaning}`);
    if (finding.severity !== 'ok') lines.push(`      do: ${finding.action}`);
  }
  return lines;
}

/** SIM, cell, APN and clock of a device-identified / device-status event (absent parts left out). */
function simLines(event: DeviceIdentified | DeviceStatus): string[] {
  const sim = [event.iccid && `ICCID ${event.iccid}`, event.imsi && `IMSI ${event.imsi}`].filter(Boolean);
  const cell = [
    event.operator,
    event.accessTechnology,
    event.band,
    event.rsrpDbm !== undefined && `RSRP ${event.rsrpDbm} dBm`,
    event.rsrqDb !== undefined && `RSRQ ${event.rsrqDb} dB`,
    event.sinrDb !== undefined && `SINR ${event.sinrDb} dB`,
  ].filter(Boolean);
  const data = [event.apn && `APN ${event.apn}`, event.pdpAddress && `address ${event.pdpAddress}`, event.clockSkewS !== undefined && `module clock ${event.clockSkewS > 0 ? '+' : ''}${event.clockSkewS} s vs host`].filter(Boolean);
  return [sim, cell, data].filter((part) => part.length > 0).map((part) => `    ${part.join(', ')}`);
}
