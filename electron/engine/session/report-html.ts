/**
 * report.html: one self-contained page (inline CSS, no scripts, a CSP that forbids them anyway).
 * Every value goes through `escapeHtml`, so modem text such as `<img src=x onerror=alert(1)>`
 * is shown as text (docs/faults.md E3). Words come from the message catalogue in the report's
 * language (shared/messages).
 */
import { failureText } from '../../../shared/messages/failure-text.ts';
import { formatMessage, translator, type Language, type MessageKey, type Translate } from '../../../shared/messages/index.ts';
import { stepTitle } from '../../../shared/steps.ts';
import type { FirmwareReport, RunReport, StepReport } from '../../../shared/report.ts';
import { describeLimit } from '../../../shared/measurement.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1f24;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{width:14rem;color:#57606a;font-weight:600}.passed{color:#1a7f37}.failed{color:#cf222e}.skipped,.not-run{color:#6e7781}
.interrupted,.cancelled,.incomplete{color:#9a6700}.outcome{font-size:1.2rem;font-weight:700}code{white-space:pre-wrap;word-break:break-all}
`;

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString());
const seconds = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(2)} s`);
const orDash = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : value);

function rows(pairs: readonly (readonly [string, unknown])[]): string {
  const body = pairs.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(orDash(value))}</td></tr>`);
  return `<table>${body.join('')}</table>`;
}

function section(title: string, content: string): string {
  return `<h2>${escapeHtml(title)}</h2>${content}`;
}

type T = Translate;

function summarySection(report: RunReport, t: T): string {
  return rows([
    [t('reportHtml.run'), report.runId],
    [t('report.port'), report.port],
    [t('report.profile'), report.profileName],
    [t('report.started'), time(report.startedAt)],
    [t('reportHtml.finished'), time(report.finishedAt)],
    [t('reportHtml.exitCategory'), report.exitCategory],
    ...report.resumes.map(
      (r, i) =>
        [
          t('reportHtml.resumed', { n: i + 1 }),
          t('reportHtml.resumedValue', {
            time: time(r.at),
            step: r.fromStep,
            source: r.source === 'run-folder' ? { key: 'reportHtml.resumedFromFolder' } : '',
            reread: r.reread.length > 0 ? { key: 'reportHtml.resumedReread', values: { steps: r.reread.join(', ') } } : '',
          }),
        ] as const,
    ),
  ]);
}

function deviceSection(report: RunReport, t: T): string {
  const d = report.device;
  if (!d) return `<p>${escapeHtml(t('reportHtml.noDevice'))}</p>`;
  return rows([
    [t('device.imei'), d.imei],
    [t('device.deviceId'), d.deviceId],
    [t('reportHtml.manufacturer'), d.manufacturer],
    [t('device.model'), d.model],
    [t('device.revision'), d.revision],
  ]);
}

function firmwareRow(label: string, fw: FirmwareReport, t: T): string {
  const update = fw.update ? t(fw.update.ok ? 'reportHtml.updated' : 'reportHtml.notUpdated', { message: fw.update.message }) : '';
  const cells = [label, orDash(fw.before), orDash(fw.after), orDash(fw.offered), orDash(update)];
  return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

function firmwareSection(report: RunReport, t: T): string {
  const head = [t('report.firmware'), t('report.before'), t('report.after'), t('reportHtml.offered'), t('reportHtml.update')];
  const headRow = `<tr>${head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
  return `<table>${headRow}${firmwareRow(t('fota.target.main'), report.firmware.main, t)}${firmwareRow(t('fota.target.sub'), report.firmware.sub, t)}</table>`;
}

/** A step's summary; the failed step shows the failure's meaning in the report language. */
function stepDetail(step: StepReport, report: RunReport, lang: Language): string {
  const f = report.failure;
  if (step.status === 'failed' && f?.step === step.id) return failureText(f, lang).meaning;
  const words = step.summaryRef ?? step.reasonRef;
  if (words) return formatMessage(lang, words.key, words.values);
  return step.summary ?? step.reason ?? '';
}

const STATUS_KEYS: Readonly<Record<StepReport['status'], MessageKey>> = {
  passed: 'wizard.status.passed',
  failed: 'wizard.status.failed',
  skipped: 'wizard.status.skipped',
  interrupted: 'report.status.interrupted',
  'not-run': 'report.status.not-run',
};

function stepRow(step: StepReport, report: RunReport, lang: Language): string {
  const t = translator(lang);
  const detail = stepDetail(step, report, lang);
  const attempts = step.attempts > 1 ? ` ${t('reportHtml.attempts', { count: step.attempts })}` : '';
  return (
    `<tr><td>${escapeHtml(stepTitle(step.id, lang))}</td><td class="${escapeHtml(step.status)}">${escapeHtml(t(STATUS_KEYS[step.status]))}${escapeHtml(attempts)}</td>` +
    `<td>${escapeHtml(seconds(step.durationMs))}</td><td>${escapeHtml(detail)}</td></tr>`
  );
}

function stepsSection(report: RunReport, lang: Language): string {
  const t = translator(lang);
  const head = [t('reportHtml.step'), t('reportHtml.result'), t('reportHtml.duration'), t('reportHtml.detail')];
  const headRow = `<tr>${head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
  return `<table>${headRow}${report.steps.map((step) => stepRow(step, report, lang)).join('')}</table>`;
}

function failureSection(report: RunReport, lang: Language): string {
  const f = report.failure;
  if (!f) return '';
  const t = translator(lang);
  const text = failureText(f, lang);
  const said = f.moduleSaid === undefined ? '—' : `<code>${escapeHtml(f.moduleSaid)}</code>`;
  const command = f.command === undefined ? '—' : `<code>${escapeHtml(f.command)}</code>`;
  const table = rows([
    [t('reportHtml.step'), stepTitle(f.step, lang)],
    [t('reportHtml.code'), f.code],
    [t('reportHtml.category'), f.category],
    [t('wizard.meaning'), text.meaning],
    [t('wizard.hint'), text.hint],
  ]);
  const more = `<table><tr><th>${escapeHtml(t('wizard.command'))}</th><td>${command}</td></tr><tr><th>${escapeHtml(t('wizard.moduleSaid'))}</th><td>${said}</td></tr></table>`;
  return section(t('report.failure'), `${table}${more}`);
}

function calibrationSection(report: RunReport, t: T): string {
  const c = report.calibration;
  if (!c) return '';
  return section(
    t('calibration.title'),
    rows([
      [t('reportHtml.result'), t(c.pass ? 'calibration.pass' : 'calibration.fail')],
      [t('reportHtml.serverAngles'), `${c.serverRoll} / ${c.serverPitch}`],
      [t('reportHtml.measuredAngles'), `${c.measuredRoll} / ${c.measuredPitch}`],
      [t('reportHtml.residual'), t('reportHtml.residualValue', { residual: c.residualDeg, tolerance: c.toleranceDeg })],
      [t('reportHtml.raw'), `${c.raw.ax}, ${c.raw.ay}, ${c.raw.az}`],
    ]),
  );
}

function measurementsSection(report: RunReport, lang: Language): string {
  if (report.measurements.length === 0) return '';
  const t = translator(lang);
  const head = [t('reportHtml.measurement'), t('reportHtml.step'), t('reportHtml.value'), t('reportHtml.limit'), t('reportHtml.result')];
  const headRow = `<tr>${head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
  const body = report.measurements.map((m) => {
    const verdict = m.passed ? 'passed' : 'failed';
    const cells = [t(`measurement.${m.name}`), stepTitle(m.step, lang), `${m.value} ${m.unit}`, describeLimit(m)];
    return `<tr class="measurement">${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}<td class="${verdict}">${escapeHtml(t(m.passed ? 'reportHtml.inLimits' : 'reportHtml.outOfLimits'))}</td></tr>`;
  });
  return section(t('reportHtml.measurements'), `<table>${headRow}${body.join('')}</table>`);
}

function mqttSection(report: RunReport, t: T): string {
  const m = report.mqtt;
  return rows([
    [t('reportHtml.finalState'), m.finalState],
    [t('reportHtml.statesReached'), m.statesReached.join(' → ')],
    [t('reportHtml.lastQmtstat'), m.lastQmtstat],
    [t('reportHtml.messages'), `${m.messagesIn} / ${m.messagesOut}`],
  ]);
}

const OUTCOME_KEYS: Readonly<Record<RunReport['outcome'], MessageKey>> = {
  passed: 'cli.outcome.passed',
  failed: 'cli.outcome.failed',
  cancelled: 'cli.outcome.cancelled',
  incomplete: 'report.outcome.incomplete',
};

const SECLEVEL_KEYS: readonly MessageKey[] = ['reportHtml.seclevel.0', 'reportHtml.seclevel.1', 'reportHtml.seclevel.2'];
const HOSTNAME_KEYS: Readonly<Record<'on' | 'off' | 'not-configured', MessageKey>> = {
  on: 'common.yes',
  off: 'common.no',
  'not-configured': 'reportHtml.hostnameNotConfigured',
};

/** What TLS verification the module performs, certificate fingerprints, and the run's warnings. */
function securitySection(report: RunReport, t: T, lang: Language): string {
  const { tls, warnings } = report.security;
  const text = (w: (typeof warnings)[number]) => (w.words ? formatMessage(lang, w.words.key, w.words.values) : w.message);
  const warningList = warnings.length === 0 ? '' : `<ul class="warnings">${warnings.map((w) => `<li><strong>${escapeHtml(w.code)}</strong>: ${escapeHtml(text(w))}</li>`).join('')}</ul>`;
  if (!tls) return section(t('reportHtml.security'), `${warningList}<p>${escapeHtml(t('reportHtml.noTls'))}</p>`);
  const seclevel = SECLEVEL_KEYS[tls.seclevel];
  const table = rows([
    [t('reportHtml.sslContext'), tls.sslContextId],
    [t('reportHtml.seclevel'), `${tls.seclevel} (${seclevel ? t(seclevel) : '?'})`],
    [t('reportHtml.tlsVersion'), `sslversion ${tls.sslversion} / ${tls.ciphersuite}`],
    [t('reportHtml.dateCheck'), t(tls.timeCheck === 'on' ? 'reportHtml.dateCheck.on' : 'reportHtml.dateCheck.off')],
    [t('reportHtml.hostnameCheck'), t(HOSTNAME_KEYS[tls.hostnameCheck])],
    [t('reportHtml.caFingerprint'), tls.caFingerprints.join(', ')],
    [t('reportHtml.clientFingerprint'), tls.clientCertFingerprint],
    [t('reportHtml.uncertain'), tls.uncertain.join(', ')],
  ]);
  return section(t('reportHtml.security'), `${warningList}${table}`);
}

/** The report page in `lang`: every label, step title, status and failure text from the catalogue. */
export function renderReportHtml(report: RunReport, lang: Language): string {
  const t = translator(lang);
  const title = t('reportHtml.title', { id: report.device?.deviceId ?? report.runId ?? '' }).trim();
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="outcome ${escapeHtml(report.outcome)}">${escapeHtml(t(OUTCOME_KEYS[report.outcome]))}</p>`,
    summarySection(report, t),
    failureSection(report, lang),
    report.security.warnings.length > 0 ? securitySection(report, t, lang) : '', // warnings near the top
    section(t('device.title'), deviceSection(report, t)),
    section(t('report.firmware'), firmwareSection(report, t)),
    section(t('report.steps'), stepsSection(report, lang)),
    measurementsSection(report, lang),
    calibrationSection(report, t),
    section(t('mqtt.title'), mqttSection(report, t)),
    report.security.warnings.length === 0 ? securitySection(report, t, lang) : '',
  ].join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
