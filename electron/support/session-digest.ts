/**
 * One pass over a run's events (a session log of any length, line by line) that keeps only what
 * a replay summary shows: the device header as it was, the steps with their durations, the failure
 * with its command and the module's answer, the MQTT states, FOTA, the warnings and the fault
 * codes. Memory does not grow with the log: the AT traffic is counted, not kept (only the last
 * command sent before the failure is remembered).
 */
import type { DeviceIdentified, DiagnosisVerdict, RunnerEvent, StepFailure, TlsSetup } from '../../shared/events.ts';
import type { MessageRef } from '../../shared/messages/index.ts';
import type { StepId } from '../../shared/steps.ts';
import { parseEventLine } from '../engine/session/session-log.ts';

export interface DigestStep {
  step: StepId;
  status: 'running' | 'passed' | 'failed' | 'skipped';
  startedAt: number;
  durationMs: number | null;
  /** Summary or skip reason as catalogue words when the event carried them, else the English text. */
  words: MessageRef | null;
  text: string | null;
}

export interface DigestFailure extends StepFailure {
  step: StepId;
  t: number;
  /** The last AT command sent before the failure (already redacted), when the failure names none. */
  lastCommand: string | null;
}

export interface SessionDigestData {
  runId: string | null;
  port: string | null;
  profileName: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  outcome: 'passed' | 'failed' | 'cancelled' | 'incomplete';
  exitCategory: string | null;
  device: Omit<DeviceIdentified, 'type'> | null;
  steps: DigestStep[];
  failure: DigestFailure | null;
  failures: { step: StepId; code: string; category: string; t: number }[];
  mqtt: { t: number; state: string; detail: string | null; qmtstat: number | null }[];
  fota: { t: number; target: 'main' | 'sub'; what: 'offer' | 'result'; from: string; to: string; size: number | null; ok: boolean | null; message: string | null }[];
  warnings: { code: string; message: string }[];
  tls: Omit<TlsSetup, 'type' | 't'> | null;
  verdict: Omit<DiagnosisVerdict, 'type' | 't'> | null;
  events: number;
  traffic: number;
}

const MAX_LISTED = 1000;

export class SessionDigest {
  readonly data: SessionDigestData = {
    runId: null,
    port: null,
    profileName: null,
    startedAt: null,
    finishedAt: null,
    outcome: 'incomplete',
    exitCategory: null,
    device: null,
    steps: [],
    failure: null,
    failures: [],
    mqtt: [],
    fota: [],
    warnings: [],
    tls: null,
    verdict: null,
    events: 0,
    traffic: 0,
  };
  #lastCommand: string | null = null;
  /** The first line that is not a valid event (`line N: problem`), if any. */
  problem: string | null = null;
  #lines = 0;

  /**
   * One line of a session log. AT traffic lines are only counted, except the commands sent (the
   * failure's command): parsing each of a million traffic lines would cost most of the time.
   */
  addLine(line: string): void {
    this.#lines += 1;
    if (line.startsWith('{"type":"at-traffic"') && !line.includes('"kind":"command"')) {
      this.data.events += 1;
      this.data.traffic += 1;
      return;
    }
    const parsed = parseEventLine(line, `line ${this.#lines}`);
    if ('problem' in parsed) this.problem ??= parsed.problem;
    else this.add(parsed.event);
  }

  add(event: RunnerEvent): void {
    const d = this.data;
    d.events += 1;
    d.finishedAt = event.t;
    switch (event.type) {
      case 'at-traffic':
        d.traffic += 1;
        if (event.event.kind === 'command') this.#lastCommand = event.event.text;
        return;
      case 'run-started':
        d.runId ??= event.runId;
        d.port ??= event.port;
        d.profileName ??= event.profileName;
        d.startedAt ??= event.startedAt;
        return;
      case 'device-identified': {
        const { type: _type, ...device } = event;
        d.device ??= device;
        return;
      }
      case 'step-started':
        d.steps.push({ step: event.step, status: 'running', startedAt: event.t, durationMs: null, words: null, text: null });
        return;
      case 'step-passed':
        this.#finishStep(event.step, 'passed', event.durationMs, event.summaryRef ?? null, event.summary);
        return;
      case 'step-skipped':
        this.#finishStep(event.step, 'skipped', null, event.reasonRef ?? null, event.reason);
        return;
      case 'step-failed':
        this.#finishStep(event.step, 'failed', event.durationMs, null, event.error.meaning);
        d.failure = { ...event.error, step: event.step, t: event.t, lastCommand: event.error.command ?? this.#lastCommand };
        if (d.failures.length < MAX_LISTED) d.failures.push({ step: event.step, code: event.error.code, category: event.error.category, t: event.t });
        return;
      case 'mqtt-state':
        if (d.mqtt.length < MAX_LISTED) d.mqtt.push({ t: event.t, state: event.state, detail: event.detail ?? null, qmtstat: event.qmtstat ?? null });
        return;
      case 'fota-offer':
        d.fota.push({ t: event.t, target: event.target, what: 'offer', from: event.current, to: event.offered, size: event.size, ok: null, message: null });
        return;
      case 'fota-result':
        d.fota.push({ t: event.t, target: event.target, what: 'result', from: event.before, to: event.after, size: null, ok: event.ok, message: event.message });
        return;
      case 'warning':
        if (!d.warnings.some((w) => w.code === event.code && w.message === event.message)) d.warnings.push({ code: event.code, message: event.message });
        return;
      case 'tls-setup': {
        const { type: _type, t: _t, ...tls } = event;
        d.tls = tls;
        return;
      }
      case 'diagnosis-verdict': {
        const { type: _type, t: _t, ...verdict } = event;
        d.verdict = verdict;
        return;
      }
      case 'run-finished':
        d.outcome = event.outcome;
        d.exitCategory = event.exitCategory;
        return;
      default:
        return;
    }
  }

  #finishStep(step: StepId, status: DigestStep['status'], durationMs: number | null, words: MessageRef | null, text: string): void {
    const open = this.data.steps.findLast((s) => s.step === step && s.status === 'running');
    if (open) Object.assign(open, { status, durationMs, words, text });
    else this.data.steps.push({ step, status, startedAt: this.data.finishedAt ?? 0, durationMs, words, text });
  }
}
