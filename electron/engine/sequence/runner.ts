/**
 * SequenceRunner: runs the connect sequence (steps/index.ts) on one port and is the one object the
 * UI, the CLI and the tests drive. It owns the run's Redactor (shared by the AtClient, the
 * session log and the report), the device link, the MQTT session, the typed run context (which a
 * resume reuses, so earlier steps are not redone) and the event stream:
 *
 *   const runner = new SequenceRunner({ port: 'sim:', profile, outDir });
 *   runner.onEvent((event) => ...);
 *   const result = await runner.start();          // or resume('server-info') after a failure
 *   await runner.close();
 *
 * Every event goes to `<outDir>/<runId>/session.jsonl`; report.json and report.html are written
 * at the end of every run, passed, failed or cancelled.
 */
import { KindError } from '../../../shared/errors.ts';
import type { ExitCategory, RunOutcome, RunnerEvent, RunnerEventBody, StepFailure } from '../../../shared/events.ts';
import { stampEvent } from '../../../shared/events.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../../shared/profile.ts';
import type { Language, StepId } from '../../../shared/steps.ts';
import type { AtResponse } from '../at/types.ts';
import { readImei } from '../quectel/info.ts';
import { Redactor } from '../session/redaction.ts';
import { writeReport } from '../session/report.ts';
import { newRunId, sessionDir } from '../session/session-dir.ts';
import { SESSION_LOG_FILE, openSessionLog, type SessionLog } from '../session/session-log.ts';
import { createTms2Mcu } from '../tms2/at-mcu.ts';
import type { PortOverrides } from '../transport/uri.ts';
import type { RunContext } from './context.ts';
import { DeviceLink, type ReopenPolicy } from './device-link.ts';
import { describeFailure, type DescribedFailure } from './failures.ts';
import { MqttSession } from './mqtt-session.ts';
import { StepError } from './step-error.ts';
import { executeStep, RunCancelled, type ExecutorDeps } from './step-executor.ts';
import type { FotaDecision, SequenceStep, StepEnv } from './step.ts';
import { SEQUENCE } from './steps/index.ts';
import { TrafficPipe } from './traffic-pipe.ts';
import { leaveInKnownState, reportEvents } from './run-end.ts';

export interface SequenceRunnerOptions {
  /** Port URI: /dev/ttyUSB2, COM7, tcp://host:port, sim:[scenario]. */
  port: string;
  profile: Profile;
  /** Run folders go here: `<outDir>/<runId>/`. */
  outDir: string;
  /** Overrides the profile's fota.policy (the CLI's --fota). */
  fotaPolicy?: FotaPolicy;
  /** Answers the FOTA question when the policy is `ask`. */
  decide?: FotaDecision;
  /** Stay in the live session until disconnect() (default: close it at once). */
  stayConnected?: boolean;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** Called once the device is identified, before its certificate files are read. */
  provision?: (ids: DeviceIds) => Promise<void>;
  portOverrides?: PortOverrides;
  reopen?: ReopenPolicy;
  runId?: string;
  lang?: Language;
  /** First retry backoff in ms (doubles each retry). Default 1000. */
  retryBackoffMs?: number;
  /** The steps to run, in STEP_IDS order (default: the connect sequence; `fieldlink diagnose` passes DIAGNOSIS). */
  steps?: readonly SequenceStep[];
  /** Run the remaining steps after a failure (diagnosis); the run still ends failed, with the first failure. */
  continueAfterFailure?: boolean;
}

export interface RunResult {
  runId: string;
  dir: string;
  outcome: RunOutcome;
  exitCategory: ExitCategory;
  failure?: StepFailure & { step: StepId };
  deviceId?: string;
  files: { log: string; reportJson: string; reportHtml: string };
  /** Set when an event could not be written to the session log. */
  logError?: string;
}

/** A runner method called at the wrong moment (publishTest while not connected, resume while running...). */
export class RunnerStateError extends KindError<'not-connected' | 'busy' | 'nothing-to-resume' | 'closed'> {
  override readonly name = 'RunnerStateError';
}

type Failed = DescribedFailure & { step: StepId };

export class SequenceRunner {
  readonly runId: string;
  readonly dir: string;
  readonly redactor = new Redactor();
  /** What the steps found out (device identity, server info, ...). */
  readonly context: RunContext = {};
  private readonly steps: readonly SequenceStep[];
  private readonly link: DeviceLink;
  private readonly mqtt: MqttSession;
  private readonly traffic: TrafficPipe;
  private readonly listeners = new Set<(event: RunnerEvent) => void>();
  /** Every event except AT traffic (the report's input). */
  private readonly events: RunnerEvent[] = [];
  private readonly done = new Set<StepId>();
  private log: SessionLog | undefined;
  private logError: string | undefined;
  private controller = new AbortController();
  private running: Promise<RunResult> | undefined;
  private failedStep: StepId | undefined;
  private currentStep: StepId | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly options: SequenceRunnerOptions) {
    this.runId = options.runId ?? newRunId(options.port);
    this.dir = sessionDir(options.outDir, this.runId);
    this.steps = options.steps ?? SEQUENCE;
    this.traffic = new TrafficPipe((event) => this.emit({ type: 'at-traffic', event }));
    this.link = new DeviceLink({
      port: options.port,
      redactor: this.redactor,
      onTraffic: (event) => this.traffic.push(event),
      ...(options.portOverrides ? { overrides: options.portOverrides } : {}),
      ...(options.reopen ? { reopen: options.reopen } : {}),
      onLost: () => {
        if (this.mqtt.isOpen) this.mqtt.setState('lost', 'the port was lost');
      },
    });
    this.mqtt = new MqttSession(this.link, (body) => this.emit(body));
    options.signal?.addEventListener('abort', () => void this.cancel(), { once: true });
  }

  /** Subscribes to every event (already redacted); returns the unsubscribe function. */
  onEvent(listener: (event: RunnerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs the whole sequence. Resolves when the run ends (after the live session with stayConnected). */
  start(): Promise<RunResult> {
    if (this.started) return Promise.reject(new RunnerStateError('busy', 'this run has already been started; use resume()'));
    this.started = true;
    return this.launch(0, false);
  }

  /** Runs again from the failed step (or `fromStep`), reusing what the earlier steps found. */
  resume(fromStep?: StepId): Promise<RunResult> {
    if (this.running) return Promise.reject(new RunnerStateError('busy', 'the run is still going'));
    const from = fromStep ?? this.failedStep;
    if (!from) return Promise.reject(new RunnerStateError('nothing-to-resume', 'nothing to resume: no step has failed'));
    const index = this.steps.findIndex((step) => step.id === from);
    if (index < 0) return Promise.reject(new RunnerStateError('nothing-to-resume', `no step ${from} in this run`));
    this.started = true;
    return this.launch(index, true);
  }

  /** Cancels at any point; the device is left out of data mode, MQTT disconnected, port closed. */
  async cancel(): Promise<void> {
    if (this.running) {
      this.controller.abort();
      await this.running.catch(() => undefined);
      return;
    }
    if (!this.started || this.closed || (!this.link.isOpen && !this.mqtt.isOpen)) return;
    this.running = (async () => {
      await this.cleanUpAfterCancel();
      return this.finish('cancelled');
    })().finally(() => (this.running = undefined));
    await this.running;
  }

  /** Publishes a test message on `<root>/UP/<deviceId>` during the live session. */
  async publishTest(payload: string | object): Promise<void> {
    const topics = this.context.topics;
    if (!topics || !this.mqtt.isUp) throw new RunnerStateError('not-connected', 'publishTest: the MQTT session is not connected');
    await this.mqtt.publish(this.link.runner(), topics.up, typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  /** Ends the live session cleanly (AT+QMTDISC, no will); the run then finishes as passed. */
  async disconnect(): Promise<void> {
    this.mqtt.requestEnd();
    if (this.running) {
      await this.running.catch(() => undefined);
      return;
    }
    if (this.mqtt.isOpen && this.link.isOpen) await this.mqtt.disconnect(this.link.runner());
  }

  /** One AT command from the UI terminal, through the same queue as the steps. */
  sendAt(command: string): Promise<AtResponse> {
    return this.link.current(command).run(command);
  }

  /** Cancels a running run, closes the port and flushes the session log. Safe to call twice. */
  async close(): Promise<void> {
    if (this.running) await this.cancel();
    if (this.closed) return;
    this.closed = true;
    this.mqtt.dispose();
    await this.link.close();
    this.traffic.flush();
    await this.log?.close().catch((error: unknown) => {
      this.logError ??= error instanceof Error ? error.message : String(error);
    });
  }

  // ── one run (start or resume) ──────────────────────────────────────────────────────────────

  private launch(index: number, resuming: boolean): Promise<RunResult> {
    if (this.closed) return Promise.reject(new RunnerStateError('closed', 'the runner is closed'));
    this.controller = new AbortController();
    if (this.options.signal?.aborted) this.controller.abort();
    this.mqtt.resetEnd();
    this.running = this.execute(index, resuming).finally(() => (this.running = undefined));
    return this.running;
  }

  private async execute(index: number, resuming: boolean): Promise<RunResult> {
    this.log ??= await openSessionLog({ outDir: this.options.outDir, runId: this.runId, redactor: this.redactor });
    if (!resuming) {
      const { port, profile } = this.options;
      this.emit({ type: 'run-started', runId: this.runId, port, profileName: profile.name, startedAt: Date.now() });
    }
    const first = this.steps[index]?.id ?? 'identify';
    try {
      const connectFailure = await this.connect(first, resuming && index > 0);
      if (connectFailure) return await this.finish('failed', connectFailure);
      const failure = await this.runSteps(this.steps.slice(index));
      return await this.finish(failure ? 'failed' : 'passed', failure);
    } catch (error) {
      if (error instanceof RunCancelled || this.controller.signal.aborted) {
        await this.cleanUpAfterCancel();
        return this.finish('cancelled');
      }
      return this.finish('failed', this.internalFailure(error));
    }
  }

  /** Runs the steps in order; returns the (first) failure. */
  private async runSteps(steps: readonly SequenceStep[]): Promise<Failed | undefined> {
    let first: Failed | undefined;
    this.failedStep = undefined;
    for (const step of steps) {
      this.currentStep = step.id;
      const outcome = await executeStep(step, this.executorDeps(step));
      if (outcome.ok) {
        this.done.add(step.id);
        continue;
      }
      first ??= { ...outcome.described, step: step.id };
      this.failedStep ??= step.id;
      if (!this.options.continueAfterFailure) break;
    }
    return first;
  }

  /** A bug outside any step's own handling still ends the run with a failure and a report. */
  private internalFailure(error: unknown): Failed {
    const step = this.currentStep ?? 'identify';
    const described = describeFailure(error, { step, port: this.options.port });
    this.emit({ type: 'step-failed', step, durationMs: 0, error: described.failure });
    this.failedStep = step;
    return { ...described, step };
  }

  /** Opens the port when needed; a resumed run re-initialises the module first. */
  private async connect(first: StepId, reinitialise: boolean): Promise<Failed | undefined> {
    const signal = this.controller.signal;
    try {
      if (this.link.isOpen) {
        if (this.link.rebootPending) await this.reinitialise(signal);
        return undefined;
      }
      await this.link.open();
      if (reinitialise) await this.reinitialise(signal);
      return undefined;
    } catch (error) {
      if (signal.aborted) throw new RunCancelled();
      const described = describeFailure(error, { step: first, port: this.options.port });
      this.emit({ type: 'step-started', step: first });
      this.emit({ type: 'step-failed', step: first, durationMs: 0, error: described.failure });
      this.failedStep = first;
      return { ...described, step: first };
    }
  }

  /** The step's time limit and retries: the profile's `steps.<id>` over the step's defaults. */
  private limitsOf(step: SequenceStep): ExecutorDeps['limits'] {
    const override = this.options.profile.steps[step.id];
    return { timeoutMs: override?.timeoutMs ?? step.timeoutMs, retries: override?.retries ?? step.retries };
  }

  private executorDeps(step: SequenceStep): ExecutorDeps {
    return {
      port: this.options.port,
      runSignal: this.controller.signal,
      limits: this.limitsOf(step),
      backoffMs: this.options.retryBackoffMs ?? 1000,
      emit: (body) => this.emit(body),
      makeEnv: (s, signal) => this.makeEnv(s, signal),
      rebootPending: () => this.link.rebootPending,
      reinitialise: (signal) => this.reinitialise(signal),
      recoverPort: (signal) => this.recoverPort(signal),
      portIsOpen: () => this.link.isOpen,
    };
  }

  private makeEnv(step: SequenceStep, signal: AbortSignal): StepEnv {
    const at = this.link.runner(signal);
    const { profile } = this.options;
    return {
      id: step.id,
      at,
      mcu: createTms2Mcu(at),
      link: this.link,
      ctx: this.context,
      profile,
      fotaPolicy: this.options.fotaPolicy ?? profile.fota.policy,
      decide: this.options.decide,
      stayConnected: this.options.stayConnected ?? false,
      signal,
      timeoutMs: this.limitsOf(step).timeoutMs,
      redactor: this.redactor,
      mqtt: this.mqtt,
      provision: this.options.provision,
      emit: (body) => this.emit(body),
      progress: (code, values, extra = {}) => this.emit({ type: 'step-progress', step: step.id, code, ...(values ? { values } : {}), ...extra }),
      reinitialise: () => this.reinitialise(signal),
      holdTraffic: () => this.traffic.hold(),
    };
  }

  /** After a reboot or a reopen: AT, ATE0, CMEE=2, then what the finished steps set (S17). */
  private async reinitialise(signal: AbortSignal): Promise<void> {
    if (this.link.rebootPending && this.mqtt.isOpen) this.mqtt.setState('lost', 'the module rebooted (S17)');
    await this.link.initialise(signal);
    await this.checkSameDevice(signal);
    for (const step of this.steps) {
      if (this.done.has(step.id) && step.restore) await step.restore(this.makeEnv(step, signal));
    }
  }

  /** A port that came back must hold the module the run identified (S2): another IMEI ends the run. */
  private async checkSameDevice(signal: AbortSignal): Promise<void> {
    const known = this.context.identity;
    if (!known) return;
    const imei = await readImei(this.link.runner(signal));
    if (imei !== known.imei) throw new StepError('DEVICE_CHANGED', { found: imei, expected: known.imei });
  }

  private async recoverPort(signal: AbortSignal): Promise<void> {
    if (this.mqtt.isOpen) this.mqtt.setState('lost', 'the port was lost');
    await this.link.reopen(signal);
    await this.reinitialise(signal);
  }

  // ── the end of a run ───────────────────────────────────────────────────────────────────────

  private async cleanUpAfterCancel(): Promise<void> {
    await leaveInKnownState(this.link, this.mqtt);
  }

  private async finish(outcome: RunOutcome, failed?: Failed): Promise<RunResult> {
    this.traffic.flush();
    const exitCategory: ExitCategory = outcome === 'passed' ? 'ok' : outcome === 'cancelled' ? 'aborted' : (failed?.exitCategory ?? 'internal');
    this.emit({ type: 'run-finished', outcome, exitCategory });
    if (outcome !== 'failed') await this.link.close();
    const written = await writeReport({ dir: this.dir, events: reportEvents(this.events), redactor: this.redactor, lang: this.options.lang ?? 'en' });
    const identity = this.context.identity;
    return {
      runId: this.runId,
      dir: this.dir,
      outcome,
      exitCategory,
      ...(failed ? { failure: { step: failed.step, ...failed.failure } } : {}),
      ...(identity ? { deviceId: identity.deviceId } : {}),
      files: { log: `${this.dir}/${SESSION_LOG_FILE}`, reportJson: written.jsonPath, reportHtml: written.htmlPath },
      ...(this.logError ? { logError: this.logError } : {}),
    };
  }

  private emit(body: RunnerEventBody): void {
    const event = this.redactor.redactEvent(stampEvent(body));
    if (event.type !== 'at-traffic') this.events.push(event);
    try {
      this.log?.write(event);
    } catch (error) {
      this.logError ??= error instanceof Error ? error.message : String(error);
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not stop the run
      }
    }
  }
}
