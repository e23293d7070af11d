/**
 * report.html: one self-contained page (inline CSS, no scripts, a CSP that forbids them anyway).
 * Every value goes through `escapeHtml`, so modem text such as `<img src=x onerror=alert(1)>`
 * is shown as text (docs/faults.md E3).
 */
import { failureText } from '../../../shared/events.ts';
import type { Language } from '../../../shared/steps.ts';
import type { FirmwareReport, RunReport, StepReport } from '../../../shared/report.ts';

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

function summarySection(report: RunReport): string {
  return rows([
    ['Run', report.runId],
    ['Port', report.port],
    ['Profile', report.profileName],
    ['Started', time(report.startedAt)],
    ['Finished', time(report.finishedAt)],
    ['Exit category', report.exitCategory],
    ...report.resumes.map((r, i) => [`Resumed (${i + 1})`, `${time(r.at)} from step ${r.fromStep}${r.source === 'run-folder' ? ', from the run folder' : ''}${r.reread.length > 0 ? `; re-read ${r.reread.join(', ')}` : ''}`] as const),
  ]);
}

function deviceSection(report: RunReport): string {
  const d = report.device;
  if (!d) return '<p>The device was not identified.</p>';
  return rows([
    ['IMEI', d.imei],
    ['Device ID', d.deviceId],
    ['Manufacturer', d.manufacturer],
    ['Model', d.model],
    ['Module revision', d.revision],
  ]);
}

function firmwareRow(label: string, fw: FirmwareReport): string {
  const update = fw.update ? `${fw.update.ok ? 'updated' : 'not updated'}: ${fw.update.message}` : '';
  const cells = [label, orDash(fw.before), orDash(fw.after), orDash(fw.offered), orDash(update)];
  return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

function firmwareSection(report: RunReport): string {
  const head = '<tr><th>Firmware</th><th>Before</th><th>After</th><th>Server offered</th><th>Update</th></tr>';
  return `<table>${head}${firmwareRow('Main', report.firmware.main)}${firmwareRow('Sub', report.firmware.sub)}</table>`;
}

/** A step's summary; the failed step shows the failure's meaning in the report language. */
function stepDetail(step: StepReport, report: RunReport, lang: Language): string {
  const f = report.failure;
  if (step.status === 'failed' && f?.step === step.id) return failureText(f, lang).meaning;
  return step.summary ?? step.reason ?? '';
}

function stepRow(step: StepReport, report: RunReport, lang: Language): string {
  const detail = stepDetail(step, report, lang);
  const attempts = step.attempts > 1 ? ` (${step.attempts} attempts)` : '';
  return (
    `<tr><td>${escapeHtml(step.title[lang])}</td><td class="${escapeHtml(step.status)}">${escapeHtml(step.status)}${escapeHtml(attempts)}</td>` +
    `<td>${escapeHtml(seconds(step.durationMs))}</td><td>${escapeHtml(detail)}</td></tr>`
  );
}

function stepsSection(report: RunReport, lang: Language): string {
  const head = '<tr><th>Step</th><th>Result</th><th>Duration</th><th>Detail</th></tr>';
  return `<table>${head}${report.steps.map((step) => stepRow(step, report, lang)).join('')}</table>`;
}

function failureSection(report: RunReport, lang: Language): string {
  const f = report.failure;
  if (!f) return '';
  const text = failureText(f, lang);
  const said = f.moduleSaid === undefined ? '—' : `<code>${escapeHtml(f.moduleSaid)}</code>`;
  const command = f.command === undefined ? '—' : `<code>${escapeHtml(f.command)}</code>`;
  const table = rows([['Step', f.step], ['Code', f.code], ['Category', f.category], ['Meaning', text.meaning], ['What to do', text.hint]]);
  return section('Failure', `${table}<table><tr><th>Command</th><td>${command}</td></tr><tr><th>Module said</th><td>${said}</td></tr></table>`);
}

function calibrationSection(report: RunReport): string {
  const c = report.calibration;
  if (!c) return '';
  return section(
    'G-sensor calibration',
    rows([
      ['Result', c.pass ? 'pass' : 'fail'],
      ['Server roll / pitch (°)', `${c.serverRoll} / ${c.serverPitch}`],
      ['Measured roll / pitch (°)', `${c.measuredRoll} / ${c.measuredPitch}`],
      ['Residual tilt (°)', `${c.residualDeg} (tolerance ${c.toleranceDeg})`],
      ['Raw ax, ay, az (mg)', `${c.raw.ax}, ${c.raw.ay}, ${c.raw.az}`],
    ]),
  );
}

function mqttSection(report: RunReport): string {
  const m = report.mqtt;
  return rows([
    ['Final state', m.finalState],
    ['States reached', m.statesReached.join(' → ')],
    ['Last +QMTSTAT', m.lastQmtstat],
    ['Messages in / out', `${m.messagesIn} / ${m.messagesOut}`],
  ]);
}

/** What TLS verification the module performs, certificate fingerprints, and the run's warnings. */
function securitySection(report: RunReport): string {
  const { tls, warnings } = report.security;
  const warningList = warnings.length === 0 ? '' : `<ul class="warnings">${warnings.map((w) => `<li><strong>${escapeHtml(w.code)}</strong>: ${escapeHtml(w.message)}</li>`).join('')}</ul>`;
  if (!tls) return section('Transport security', `${warningList}<p>The SSL context was not set up in this run.</p>`);
  const table = rows([
    ['SSL context', tls.sslContextId],
    ['Server verification (seclevel)', `${tls.seclevel} (${['none', 'server verified against the CA', 'server verified against the CA; client certificate presented'][tls.seclevel] ?? '?'})`],
    ['TLS version / cipher suites', `sslversion ${tls.sslversion} / ${tls.ciphersuite}`],
    ['Certificate dates checked by the module', tls.timeCheck === 'on' ? 'yes (module clock)' : 'no (ignorelocaltime=1; the client certificate dates were checked on this computer)'],
    ['Server host-name check', tls.hostnameCheck === 'on' ? 'yes' : tls.hostnameCheck === 'off' ? 'no' : 'not configured (the module is not relied on to check it)'],
    ['CA certificate SHA-256', tls.caFingerprints.join(', ')],
    ['Client certificate SHA-256', tls.clientCertFingerprint],
    ['Uncertain module behaviour', tls.uncertain.join(', ')],
  ]);
  return section('Transport security', `${warningList}${table}`);
}

export function renderReportHtml(report: RunReport, lang: Language): string {
  const title = `Fieldlink report ${report.device?.deviceId ?? report.runId ?? ''}`.trim();
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="outcome ${escapeHtml(report.outcome)}">${escapeHtml(report.outcome.toUpperCase())}</p>`,
    summarySection(report),
    failureSection(report, lang),
    report.security.warnings.length > 0 ? securitySection(report) : '', // warnings near the top
    section('Device', deviceSection(report)),
    section('Firmware', firmwareSection(report)),
    section('Steps', stepsSection(report, lang)),
    calibrationSection(report),
    section('MQTT', mqttSection(report)),
    report.security.warnings.length === 0 ? securitySection(report) : '',
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
