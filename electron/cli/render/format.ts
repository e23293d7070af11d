/**
 * Words for the terminal: one run event → text lines, the failure block, the final summary, in
 * the chosen language (`--lang`). Every word comes from the message catalogue (shared/messages):
 * step titles, progress texts, failure meanings and hints, result lines. Pure functions shared by
 * the live step list (tty.ts) and the plain-line output (plain.ts). Event text is already redacted.
 */
import type { MqttStateEvent, RunnerEvent, StepFailure, StepProgress } from '../../../shared/events.ts';
import { failureText } from '../../../shared/messages/failure-text.ts';
import { formatMessage, ref, type Language, type MessageRef } from '../../../shared/messages/index.ts';
import { stepTitle as titleOf, type StepId } from '../../../shared/steps.ts';
import type { DeviceIdentified, DeviceStatus, DiagnosisSeverity, DiagnosisVerdict } from '../../../shared/events.ts';
import { describeFinding, isFindingCode, verdictHeadline } from '../../../shared/diagnosis.ts';
import type { RunResult } from '../../engine/sequence/runner.ts';
import { prettyPayload } from '../../engine/sequence/payloads.ts';
import { describeQmtstat } from '../../engine/quectel/mqtt-codes.ts';

export const ICONS = { pending: '·', running: '▶', passed: '✔', skipped: '–', failed: '✘' } as const;
export type StepStatus = keyof typeof ICONS;

export function stepTitle(step: StepId, lang: Language = 'en'): string {
  return titleOf(step, lang);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const indent = (text: string, by = '    ') => text.split('\n').map((line) => `${by}${line}`).join('\n');

/** A step-progress event in words. */
export function progressText(event: Pick<StepProgress, 'code' | 'values'>, lang: Language): string {
  return formatMessage(lang, event.code, event.values);
}

/** The lines that explain a failure: what, command, module answer, what to do, code. */
export function failureBlock(step: StepId, failure: StepFailure, lang: Language = 'en'): string[] {
  const t = (key: Parameters<typeof formatMessage>[1]) => formatMessage(lang, key);
  const words = failureText(failure, lang);
  const lines = [`${ICONS.failed} ${stepTitle(step, lang)} — ${t('cli.failed')}`, `    ${t('cli.what')} ${words.meaning}`];
  if (failure.command) lines.push(`    ${t('cli.command')} ${failure.command}`);
  if (failure.moduleSaid) lines.push(`    ${t('cli.module')} ${failure.moduleSaid}`);
  lines.push(`    ${t('cli.do')} ${words.hint}`, `    ${t('cli.code')} ${failure.code} (${failure.category})`);
  return lines;
}

/** A state change that came from +QMTSTAT (M2) is told with the catalogue's words for its code. */
function mqttStateDetail(event: MqttStateEvent, lang: Language): string {
  if (event.qmtstat !== undefined) {
    const info = describeQmtstat(event.qmtstat);
    const hint = formatMessage(lang, info.hintKey, info.values);
    return `: ${formatMessage(lang, info.meaningKey, info.values)}${hint ? ` — ${hint}` : ''} (+QMTSTAT ${event.qmtstat})`;
  }
  return event.detail ? `: ${event.detail}` : '';
}

/** Lines for the events that are not the step list itself (device, calibration, FOTA, MQTT). */
export function detailLines(event: RunnerEvent, lang: Language = 'en'): string[] {
  switch (event.type) {
    case 'device-identified':
      return [`    ${formatMessage(lang, 'cli.device', { deviceId: event.deviceId, model: event.model, revision: event.revision, mainFw: event.mainFw, subFw: event.subFw })}`, ...simLines(event, lang)];
    case 'device-status':
      return simLines(event, lang).map((line) => `    ${formatMessage(lang, 'cli.live', { text: line.trim() })}`);
    case 'diagnosis-verdict':
      return verdictLines(event, lang);
    case 'calibration-result':
      return [
        `    ${formatMessage(lang, 'cli.calibration', {
          residual: event.residualDeg,
          tolerance: event.toleranceDeg,
          serverRoll: event.serverRoll,
          serverPitch: event.serverPitch,
          measuredRoll: event.measuredRoll,
          measuredPitch: event.measuredPitch,
        })}`,
      ];
    case 'fota-offer':
      return [`    ${formatMessage(lang, 'cli.fotaOffer', { target: event.target, current: event.current, offered: event.offered, size: event.size })}`];
    case 'fota-result':
      return [`    ${formatMessage(lang, 'cli.fotaResult', { target: event.target, message: event.message })}`];
    case 'run-resumed':
      return [
        formatMessage(lang, 'cli.resumed', {
          step: stepTitle(event.fromStep, lang),
          source: event.source === 'run-folder' ? ref('cli.resumedFromFolder') : '',
          reread: event.reread.length > 0 ? ref('cli.resumedReread', { steps: event.reread.join(', ') }) : '',
        }),
      ];
    case 'warning':
      return [`    ${formatMessage(lang, 'cli.warning', { code: event.code, text: event.words ?? event.message })}`];
    case 'tls-setup':
      return [
        `    ${formatMessage(lang, 'cli.tlsSetup', { seclevel: event.seclevel, timeCheck: event.timeCheck, hostnameCheck: event.hostnameCheck, fingerprint: event.caFingerprints[0] ?? '—' })}`,
      ];
    case 'mqtt-state':
      return [`    ${formatMessage(lang, 'cli.mqttState', { state: event.state })}${mqttStateDetail(event, lang)}`];
    case 'mqtt-message':
      return event.direction === 'in'
        ? [`    ← ${event.topic}`, indent(prettyPayload(event.payload), '      ')]
        : [`    → ${event.topic}: ${event.payload}`];
    default:
      return [];
  }
}

/** Plain output: every event as complete lines (no cursor movement). */
export function plainLines(event: RunnerEvent, lang: Language = 'en'): string[] {
  switch (event.type) {
    case 'run-started':
      return [formatMessage(lang, 'cli.runStarted', { runId: event.runId, port: event.port, profile: event.profileName })];
    case 'step-started':
      return [`${ICONS.running} ${stepTitle(event.step, lang)}`];
    case 'step-progress': {
      const percent = event.percent === undefined ? '' : ` (${formatMessage(lang, 'cli.percent', { percent: Math.round(event.percent) })})`;
      return [`    ${progressText(event, lang)}${percent}`];
    }
    case 'step-passed':
      return [`${ICONS.passed} ${stepTitle(event.step, lang)} — ${refText(lang, event.summaryRef, event.summary)} (${seconds(event.durationMs)})`];
    case 'step-skipped':
      return [`${ICONS.skipped} ${stepTitle(event.step, lang)} — ${formatMessage(lang, 'cli.skipped', { reason: refText(lang, event.reasonRef, event.reason) })}`];
    case 'step-failed':
      return failureBlock(event.step, event.error, lang);
    default:
      return detailLines(event, lang);
  }
}

/** The last lines of a run: outcome, where the report is, how to continue. */
/** A step's summary / skip reason in `lang` when the event carries catalogue words, else its English text. */
export function refText(lang: Language, words: MessageRef | undefined, english: string): string {
  return words ? formatMessage(lang, words.key, words.values) : english;
}

export function summaryLines(result: RunResult, lang: Language = 'en'): string[] {
  const who = result.deviceId ? ` ${result.deviceId}` : '';
  const lines = [`${formatMessage(lang, `cli.outcome.${result.outcome}`)}${who}`];
  if (result.failure) {
    lines.push(`  ${formatMessage(lang, 'cli.failedAt', { step: stepTitle(result.failure.step, lang), meaning: failureText(result.failure, lang).meaning })}`);
  }
  lines.push(
    `  ${formatMessage(lang, 'cli.report')} ${result.files.reportHtml}`,
    `  ${formatMessage(lang, 'cli.json')} ${result.files.reportJson}`,
    `  ${formatMessage(lang, 'cli.log')} ${result.files.log}`,
  );
  return lines;
}

const ICON_OF: Record<DiagnosisSeverity, string> = { ok: '✔', 'not-provisioned': '○', warning: '⚠', fault: '✘' };

/** The verdict: headline, then every finding with its severity, meaning and what to do. */
function verdictLines(event: DiagnosisVerdict, lang: Language): string[] {
  const lines = [formatMessage(lang, 'cli.verdict', { headline: verdictHeadline(event.overall, lang) })];
  for (const finding of event.findings) {
    const words = isFindingCode(finding.code) ? describeFinding(finding.code, finding.values ?? {}, lang) : finding;
    lines.push(`  ${ICON_OF[finding.severity]} ${finding.severity.padEnd(15)} ${finding.code}: ${words.meaning}`);
    if (finding.severity !== 'ok') lines.push(`      ${formatMessage(lang, 'cli.verdict.do', { action: words.action })}`);
  }
  return lines;
}

/** SIM, cell, APN and clock of a device-identified / device-status event (absent parts left out). */
function simLines(event: DeviceIdentified | DeviceStatus, lang: Language): string[] {
  const sim = [event.iccid && `ICCID ${event.iccid}`, event.imsi && `IMSI ${event.imsi}`].filter(Boolean);
  const cell = [
    event.operator,
    event.accessTechnology,
    event.band,
    event.rsrpDbm !== undefined && `RSRP ${event.rsrpDbm} dBm`,
    event.rsrqDb !== undefined && `RSRQ ${event.rsrqDb} dB`,
    event.sinrDb !== undefined && `SINR ${event.sinrDb} dB`,
  ].filter(Boolean);
  const data = [
    event.apn && `APN ${event.apn}`,
    event.pdpAddress && formatMessage(lang, 'cli.device.address', { address: event.pdpAddress }),
    event.clockSkewS !== undefined && formatMessage(lang, 'cli.device.clock', { skew: `${event.clockSkewS > 0 ? '+' : ''}${event.clockSkewS}` }),
  ].filter(Boolean);
  return [sim, cell, data].filter((part) => part.length > 0).map((part) => `    ${part.join(', ')}`);
}
