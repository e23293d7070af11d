/**
 * The run report: built from the event list (an allowlist of fields, K2), written as
 * `report.json` and a self-contained `report.html` beside the session log. Written for every
 * run, also a failed, cancelled or interrupted one.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STEP_IDS, STEP_TITLES } from '../../../shared/steps.ts';
import type { Language, StepId } from '../../../shared/steps.ts';
import type { EventOf, RunnerEvent, RunnerEventType } from '../../../shared/events.ts';
import { checkReport, type FirmwareReport, type RunReport, type SecurityReport, type StepReport } from '../../../shared/report.ts';
import type { Redactor } from './redaction.ts';
import { renderReportHtml } from './report-html.ts';

export type { FirmwareReport, RunReport, StepReport } from '../../../shared/report.ts';
export type { ReportStepStatus as StepStatus } from '../../../shared/report.ts';

export const REPORT_JSON_FILE = 'report.json';
export const REPORT_HTML_FILE = 'report.html';
const FILE_MODE = 0o644;

const ofType = <T extends RunnerEventType>(events: readonly RunnerEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

export function buildReport(events: readonly RunnerEvent[]): RunReport {
  const started = ofType(events, 'run-started')[0];
  const finished = ofType(events, 'run-finished').at(-1);
  const failed = ofType(events, 'step-failed').at(-1);
  const calibration = ofType(events, 'calibration-result').at(-1);
  return {
    formatVersion: 1,
    runId: started?.runId ?? null,
    port: started?.port ?? null,
    profileName: started?.profileName ?? null,
    startedAt: started?.startedAt ?? null,
    finishedAt: events.at(-1)?.t ?? null,
    outcome: finished?.outcome ?? 'incomplete',
    exitCategory: finished?.exitCategory ?? null,
    device: deviceReport(events),
    firmware: { main: firmwareReport(events, 'main'), sub: firmwareReport(events, 'sub') },
    steps: STEP_IDS.map((id) => stepReport(events, id)),
    calibration: calibration ? withoutEnvelope(calibration) : null,
    mqtt: mqttReport(events),
    failure: failed ? { step: failed.step, ...failed.error } : null,
    resumes: ofType(events, 'run-resumed').map((e) => ({ at: e.t, fromStep: e.fromStep, source: e.source, reread: e.reread })),
    security: securityReport(events),
    measurements: measurementsReport(events),
  };
}

/** Each measurement as last taken in its step (a retried step measures again), in the order first taken. */
export function measurementsReport(events: readonly RunnerEvent[]): RunReport['measurements'] {
  const last = new Map<string, RunReport['measurements'][number]>();
  for (const event of ofType(events, 'measurement')) {
    last.set(`${event.step}/${event.name}`, withoutEnvelope(event));
  }
  return [...last.values()];
}

function securityReport(events: readonly RunnerEvent[]): SecurityReport {
  const tls = ofType(events, 'tls-setup').at(-1);
  const warnings = ofType(events, 'warning').map(withoutEnvelope);
  // The same warning from a retried or resumed step is listed once.
  const unique = warnings.filter((w, i) => warnings.findIndex((o) => o.code === w.code && o.message === w.message) === i);
  return { tls: tls ? withoutEnvelope(tls) : null, warnings: unique };
}

function withoutEnvelope<E extends { type: string; t: number }>(event: E): Omit<E, 'type' | 't'> {
  const { type: _type, t: _t, ...rest } = event;
  return rest;
}

function deviceReport(events: readonly RunnerEvent[]): RunReport['device'] {
  const first = ofType(events, 'device-identified')[0];
  if (!first) return null;
  const { imei, deviceId, model, revision } = first;
  return { imei, deviceId, manufacturer: first.manufacturer ?? null, model, revision };
}

function firmwareReport(events: readonly RunnerEvent[], target: 'main' | 'sub'): FirmwareReport {
  const key = target === 'main' ? 'mainFw' : 'subFw';
  let before: string | null = null;
  let after: string | null = null;
  let update: FirmwareReport['update'] = null;
  for (const event of events) {
    if (event.type === 'device-identified') {
      before ??= event[key];
      after = event[key];
    } else if (event.type === 'fota-result' && event.target === target) {
      after = event.after;
      update = { ok: event.ok, message: event.message };
    }
  }
  const offer = ofType(events, 'fota-offer').filter((e) => e.target === target).at(-1);
  return { before, after, offered: offer?.offered ?? null, update };
}

function stepReport(events: readonly RunnerEvent[], id: StepId): StepReport {
  const report: StepReport = { id, title: STEP_TITLES[id], status: 'not-run', attempts: 0 };
  for (const event of events) {
    if (!('step' in event) || event.step !== id) continue;
    if (event.type === 'step-started') Object.assign(report, { status: 'interrupted', attempts: report.attempts + 1 });
    if (event.type === 'step-passed') Object.assign(report, { status: 'passed', durationMs: event.durationMs, summary: event.summary, ...(event.summaryRef ? { summaryRef: event.summaryRef } : {}) });
    if (event.type === 'step-failed') Object.assign(report, { status: 'failed', durationMs: event.durationMs, summary: event.error.meaning });
    if (event.type === 'step-skipped') Object.assign(report, { status: 'skipped', reason: event.reason, ...(event.reasonRef ? { reasonRef: event.reasonRef } : {}) });
  }
  return report;
}

function mqttReport(events: readonly RunnerEvent[]): RunReport['mqtt'] {
  const states = ofType(events, 'mqtt-state');
  const messages = ofType(events, 'mqtt-message');
  return {
    finalState: states.at(-1)?.state ?? null,
    statesReached: [...new Set(states.map((e) => e.state))],
    lastQmtstat: states.findLast((e) => e.qmtstat !== undefined)?.qmtstat ?? null,
    messagesIn: messages.filter((m) => m.direction === 'in').length,
    messagesOut: messages.filter((m) => m.direction === 'out').length,
  };
}

// ---- writing -------------------------------------------------------------------------------

export interface WriteReportOptions {
  /** The run's folder, normally SessionLog.dir (`<outDir>/<runId>`). */
  dir: string;
  events: readonly RunnerEvent[];
  redactor: Redactor;
  lang?: Language;
}

export interface WrittenReport {
  report: RunReport;
  jsonPath: string;
  htmlPath: string;
}

/** Builds the report from redacted events and writes report.json and report.html. */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  const { redactor } = options;
  // The one report schema (shared/report.ts) checks what is written, as the renderer checks what it reads.
  const report = checkReport(redactor.redactEvent(buildReport(options.events.map((event) => redactor.redactEvent(event)))));
  await mkdir(options.dir, { recursive: true });
  const jsonPath = path.join(options.dir, REPORT_JSON_FILE);
  const htmlPath = path.join(options.dir, REPORT_HTML_FILE);
  await writeAtomically(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(htmlPath, renderReportHtml(report, options.lang ?? 'en'));
  return { report, jsonPath, htmlPath };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { encoding: 'utf8', mode: FILE_MODE });
  await chmod(temp, FILE_MODE);
  await rename(temp, file);
}
