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
import type { ExitCategory, RunLifecycleState, RunOutcome, RunnerEvent, RunnerEventBody, StepFailure } from '../../../shared/events.ts';
import type { DeviceIds, FotaPolicy, Profile } from '../../../shared/profile.ts';
import type { Language, StepId } from '../../../shared/steps.ts';
import type { AtResponse } from '../at/types.ts';
import { readImei } from '../quectel/info.ts';
import { Redactor } from '../session/redaction.ts';
import { writeReport } from '../session/report.ts';
import { newRunId, sessionDir } from '../session/session-dir.ts';
import { SESSION_LOG_FILE } from '../session/session-log.ts';
import type { PortLister } from '../transport/list.ts';
import type { PortOverrides } from '../transport/uri.ts';
import { PRODUCED_BY, type RunContext } from './context.ts';
import { DeviceLink, type PortReturn, type ReopenPolicy } from './device-link.ts';
import { describeFailure, type DescribedFailure } from './failures.ts';
import { MqttSession } from './mqtt-session.ts';
import { exitCategoryOf, leaveInKnownState, reportEvents } from './run-end.ts';
import { RunEvents } from './run-events.ts';
import { ACTIVE_STATES, RunLifecycle } from './run-lifecycle.ts';
import { StepError } from './step-error.ts';
import { makeExecutorDeps, makeStepEnv, type StepParts } from './step-env.ts';
import { executeStep, RunCancelled } from './step-executor.ts';
import type { FotaDecision, SequenceStep } from './step.ts';
import { SEQUENCE } from './steps/index.ts';
import { TrafficPipe } from './traffic-pipe.ts';
import { storableContext, writeRunSnapshot, type RunSnapshot } from './run-snapshot.ts';
import { formatMessage, ref, type MessageRef } from '../../../shared/messages/index.ts';

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
  /** Live dashboard refresh during a stayConnected live session (device-status events); 0 = off. Default 30 s. */
  statusPollMs?: number;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** Called once the device is identified, before its certificate files are read. */
  provision?: (ids: DeviceIds) => Promise<void>;
  /**
   * Called right after identify (and before a resumed run goes on), before anything changes on the
   * unit; throwing a StepError (DUPLICATE_IMEI, DUPLICATES_UNCHECKABLE) refuses it and fails the run.
   * The results store's duplicates policy (docs/results-store.md#duplicates).
   */
  checkUnit?: (ids: DeviceIds) => Promise<void>;
  /** Measurements are recorded but never fail a step (`fieldlink diagnose`). */
  measurementsRecordOnly?: boolean;
  portOverrides?: PortOverrides;
  reopen?: ReopenPolicy;
  /** Lists serial ports with their USB identity, to find a re-enumerated device again (S2). */
  portLister?: PortLister;
  runId?: string;
  lang?: Language;
  /** First retry backoff in ms (doubles each retry). Default 1000. */
  retryBackoffMs?: number;
  /** The steps to run, in STEP_IDS order (default: the connect sequence; `fieldlink diagnose` passes DIAGNOSIS). */
  steps?: readonly SequenceStep[];
  /** Run the remaining steps after a failure (diagnosis); the run still ends failed, with the first failure. */
  continueAfterFailure?: boolean;
  /** Where the profile came from (absolute file path, or `demo`), stored in the run folder for a resume. */
  profileSource?: string;
  /**
   * A failed run read back from its folder (`fieldlink run --resume`): its id, context snapshot and
   * earlier events. The runner then appends to that folder; call resume() to continue.
   */
  restored?: { snapshot: RunSnapshot; events: readonly RunnerEvent[] };
}

/** Steps that only read (device, server) and may be asked again when a resumed run lacks what they found. */
const REREADABLE: ReadonlySet<StepId> = new Set(['identify', 'server-info']);

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
  private readonly events: RunEvents;
  /** idle → opening → running(step) → … → finished → closed (run-lifecycle.ts); emitted as run-state events. */
  private readonly lifecycle: RunLifecycle;
  private readonly parts: StepParts;
  private readonly done = new Set<StepId>();
  private controller = new AbortController();
  /** The start, resume or cancel under way (awaited by cancel and close). */
  private running: Promise<RunResult> | undefined;
  private closing: Promise<void> | undefined;
  /** Where a resume starts when it does not say: a run restored from its folder, or a failed re-read. */
  private resumeFrom: StepId | undefined;
  private snapshotError: string | undefined;
  /** The caller's signal cancels the run; taken off at close, so a signal shared across runs keeps none alive. */
  private readonly onCallerAbort = () => void this.cancel();

  constructor(private readonly options: SequenceRunnerOptions) {
    const restored = options.restored;
    this.runId = restored?.snapshot.runId ?? options.runId ?? newRunId(options.port);
    this.dir = sessionDir(options.outDir, this.runId);
    this.steps = options.steps ?? SEQUENCE;
    this.events = new RunEvents(this.redactor);
    this.lifecycle = new RunLifecycle((body) => this.emit(body));
    this.traffic = new TrafficPipe((event) => this.emit({ type: 'at-traffic', event }));
    this.link = new DeviceLink({
      port: options.port,
      redactor: this.redactor,
      onTraffic: (event) => this.traffic.push(event),
      ...(options.portOverrides ? { overrides: options.portOverrides } : {}),
      ...(options.reopen ? { reopen: options.reopen } : {}),
      ...(options.portLister ? { portLister: options.portLister } : {}),
      onLost: () => {
        if (this.mqtt.isOpen) this.mqtt.setState('lost', 'the port was lost', undefined, ref('mqttLost.portLost'));
      },
    });
    this.mqtt = new MqttSession(this.link, (body) => this.emit(body));
    this.parts = {
      options,
      link: this.link,
      mqtt: this.mqtt,
      context: this.context,
      redactor: this.redactor,
      decide: options.decide ? (offer) => this.waitForDecision(offer, options.decide as FotaDecision) : undefined,
      emit: (body) => this.emit(body),
      holdTraffic: () => this.traffic.hold(),
      reinitialise: (signal) => this.reinitialise(signal),
      recoverPort: (signal, onReturn) => this.recoverPort(signal, onReturn),
    };
    options.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (restored) {
      Object.assign(this.context, structuredClone(restored.snapshot.context));
      for (const id of restored.snapshot.done) this.done.add(id);
      this.resumeFrom = restored.snapshot.failedStep;
      this.events.restore(restored.events);
    }
  }

  /** Where the run is in its lifecycle (run-lifecycle.ts). */
  get state(): RunLifecycleState {
    return this.lifecycle.state;
  }

  /** Subscribes to every event (already redacted); returns the unsubscribe function. */
  onEvent(listener: (event: RunnerEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** Runs the whole sequence. Resolves when the run ends (after the live session with stayConnected). */
  start(): Promise<RunResult> {
    if (this.lifecycle.is('closed')) return Promise.reject(new RunnerStateError('closed', 'the runner is closed'));
    if (!this.lifecycle.is('idle')) return Promise.reject(new RunnerStateError('busy', 'this run has already been started; use resume()'));
    const { port, profile } = this.options;
    this.emit({ type: 'run-started', runId: this.runId, port, profileName: profile.name, startedAt: Date.now() });
    this.lifecycle.to('opening', { reason: 'start' });
    return this.launch(0, false);
  }

  /** Runs again from the failed step (or `fromStep`), reusing what the earlier steps found. */
  resume(fromStep?: StepId): Promise<RunResult> {
    if (this.running) return Promise.reject(new RunnerStateError('busy', 'the run is still going'));
    if (this.lifecycle.is('closed')) return Promise.reject(new RunnerStateError('closed', 'the runner is closed'));
    const from = fromStep ?? this.resumeFrom ?? (this.lifecycle.is('failed-holding-port') ? this.lifecycle.step : undefined);
    if (!from) return Promise.reject(new RunnerStateError('nothing-to-resume', 'nothing to resume: no step has failed'));
    const index = this.steps.findIndex((step) => step.id === from);
    if (index < 0) return Promise.reject(new RunnerStateError('nothing-to-resume', `no step ${from} in this run`));
    if (!this.lifecycle.can('resuming', { step: from })) {
      return Promise.reject(new RunnerStateError('nothing-to-resume', `nothing to resume: the run is ${this.lifecycle.state}; start a new run`));
    }
    this.lifecycle.to('resuming', { step: from, reason: fromStep ? `resume from ${from}` : 'retry the failed step' });
    return this.launch(index, true);
  }

  /** Cancels at any point; the device is left out of data mode, MQTT disconnected, port closed. */
  async cancel(): Promise<void> {
    if (this.running) {
      if (ACTIVE_STATES.has(this.lifecycle.state)) this.lifecycle.toCancelling('cancel requested');
      this.controller.abort();
      await this.running.catch(() => undefined);
      return;
    }
    if (!this.lifecycle.is('failed-holding-port') || (!this.link.isOpen && !this.mqtt.isOpen)) return;
    this.lifecycle.toCancelling('cancel requested: releasing the port the failed run held');
    this.running = (async () => {
      await leaveInKnownState(this.link, this.mqtt);
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

  /**
   * A warning from outside the steps (the results store could not record the run): it joins the
   * run's events and its log like any other. False once the runner is closed (nothing logged).
   */
  warn(code: 'RESULTS_STORE', words: MessageRef): boolean {
    if (this.lifecycle.is('closed')) return false;
    this.emit({ type: 'warning', code, message: formatMessage('en', words.key, words.values), words });
    return true;
  }

  /** One AT command from the UI terminal, through the same queue as the steps. */
  sendAt(command: string): Promise<AtResponse> {
    return this.link.current(command).run(command);
  }

  /** Cancels a running run, closes the port and flushes the session log. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.running) await this.cancel();
      this.mqtt.dispose();
      await this.link.close();
      this.traffic.flush();
      this.options.signal?.removeEventListener('abort', this.onCallerAbort);
      this.lifecycle.to('closed', { reason: 'closed' });
      await this.events.closeLog();
    })();
    return this.closing;
  }

  // ── one run (start or resume) ──────────────────────────────────────────────────────────────

  private launch(index: number, resuming: boolean): Promise<RunResult> {
    this.resumeFrom = undefined;
    this.controller = new AbortController();
    if (this.options.signal?.aborted) this.controller.abort();
    this.mqtt.resetEnd();
    this.running = this.execute(index, resuming).finally(() => (this.running = undefined));
    return this.running;
  }

  private async execute(index: number, resuming: boolean): Promise<RunResult> {
    const fromFolder = this.options.restored !== undefined && !this.events.logOpen;
    await this.events.openLog(this.options.outDir, this.runId, { append: fromFolder });
    const first = this.steps[index]?.id ?? 'identify';
    const reread = resuming ? this.missingProducers(index) : [];
    if (resuming) this.emit({ type: 'run-resumed', fromStep: first, source: fromFolder ? 'run-folder' : 'memory', reread: reread.map((step) => step.id) });
    try {
      const connectFailure = await this.connect(first, resuming && index > 0);
      if (connectFailure) return await this.finish('failed', connectFailure);
      const rereadFailure = await this.reread(reread);
      if (rereadFailure) return await this.finish('failed', rereadFailure);
      const refused = resuming && index > 0 ? await this.checkUnitAgain(first) : undefined;
      if (refused) return await this.finish('failed', refused);
      const failure = await this.runSteps(this.steps.slice(index));
      return await this.finish(failure ? 'failed' : 'passed', failure);
    } catch (error) {
      if (error instanceof RunCancelled || this.controller.signal.aborted) {
        this.lifecycle.toCancelling('cancelled');
        await leaveInKnownState(this.link, this.mqtt);
        return this.finish('cancelled');
      }
      return this.finish('failed', this.internalFailure(error));
    }
  }

  /** Runs the steps in order; returns the (first) failure. */
  private async runSteps(steps: readonly SequenceStep[]): Promise<Failed | undefined> {
    let first: Failed | undefined;
    for (const step of steps) {
      this.lifecycle.to('running', { step: step.id });
      const outcome = await executeStep(step, makeExecutorDeps(this.parts, step, this.controller.signal));
      if (outcome.ok) {
        this.done.add(step.id);
        continue;
      }
      first ??= { ...outcome.described, step: step.id };
      if (!this.options.continueAfterFailure) break;
    }
    return first;
  }

  /**
   * The read-only steps (identify, server-info) whose findings the steps from `index` on need but
   * the context lacks — after a resume from the run folder, the server-info document, which is
   * never stored because it holds the MQTT password.
   */
  private missingProducers(index: number): SequenceStep[] {
    const needed = new Set(this.steps.slice(index).flatMap((step) => step.needs).filter((key) => this.context[key] === undefined));
    const producers = new Set([...needed].map((key) => PRODUCED_BY[key]));
    return this.steps.slice(0, index).filter((step) => producers.has(step.id) && REREADABLE.has(step.id));
  }

  /** Runs those steps again without step events (they passed before; only their findings are wanted). */
  private async reread(steps: readonly SequenceStep[]): Promise<Failed | undefined> {
    const signal = this.controller.signal;
    for (const step of steps) {
      try {
        await step.run({ ...makeStepEnv(this.parts, step, signal), progress: () => undefined });
      } catch (error) {
        if (signal.aborted) throw new RunCancelled();
        const described = describeFailure(error, { step: step.id, port: this.options.port });
        this.emit({ type: 'step-failed', step: step.id, durationMs: 0, error: described.failure });
        // A resume starts again at the first step not done (the re-read runs before it anyway).
        this.resumeFrom = this.steps.find((s) => !this.done.has(s.id))?.id ?? step.id;
        return { ...described, step: step.id };
      }
    }
    return undefined;
  }

  /** A resumed run skips identify, so the unit check (duplicates policy) is asked here, before any step. */
  private async checkUnitAgain(first: StepId): Promise<Failed | undefined> {
    const identity = this.context.identity;
    if (!identity || !this.options.checkUnit) return undefined;
    try {
      await this.options.checkUnit({ imei: identity.imei, deviceId: identity.deviceId });
      return undefined;
    } catch (error) {
      if (this.controller.signal.aborted) throw new RunCancelled();
      const described = describeFailure(error, { step: first, port: this.options.port });
      this.emit({ type: 'step-started', step: first });
      this.emit({ type: 'step-failed', step: first, durationMs: 0, error: described.failure });
      this.resumeFrom = first;
      return { ...described, step: first };
    }
  }

  /** The FOTA question under the `ask` policy: the run waits for a decision (waiting-for-decision). */
  private async waitForDecision(offer: Parameters<FotaDecision>[0], decide: FotaDecision): Promise<boolean> {
    const step = this.lifecycle.step;
    const waiting = this.lifecycle.is('running') && step !== undefined;
    if (waiting) this.lifecycle.to('waiting-for-decision', { step, reason: `FOTA offer for ${offer.target}: ${offer.current} → ${offer.offered}` });
    try {
      return await decide(offer);
    } finally {
      if (waiting && this.lifecycle.is('waiting-for-decision')) this.lifecycle.to('running', { step, reason: 'decision made' });
    }
  }

  /** A bug outside any step's own handling still ends the run with a failure and a report. */
  private internalFailure(error: unknown): Failed {
    const step = this.lifecycle.step ?? 'identify';
    const described = describeFailure(error, { step, port: this.options.port });
    this.emit({ type: 'step-failed', step, durationMs: 0, error: described.failure });
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
      return { ...described, step: first };
    }
  }

  /** After a reboot or a reopen: AT, ATE0, CMEE=2, then what the finished steps set (S17). */
  private async reinitialise(signal: AbortSignal): Promise<void> {
    if (this.link.rebootPending && this.mqtt.isOpen) this.mqtt.setState('lost', 'the module rebooted (S17)', undefined, ref('mqttLost.reboot'));
    await this.link.initialise(signal);
    await this.checkSameDevice(signal);
    for (const step of this.steps) {
      if (this.done.has(step.id) && step.restore) await step.restore(makeStepEnv(this.parts, step, signal));
    }
  }

  /** A port that came back must hold the module the run identified (S2): another IMEI ends the run. */
  private async checkSameDevice(signal: AbortSignal): Promise<void> {
    const known = this.context.identity;
    if (!known) return;
    const imei = await readImei(this.link.runner(signal));
    if (imei !== known.imei) throw new StepError('DEVICE_CHANGED', { found: imei, expected: known.imei });
  }

  private async recoverPort(signal: AbortSignal, onReturn?: (back: PortReturn) => void): Promise<void> {
    if (this.mqtt.isOpen) this.mqtt.setState('lost', 'the port was lost', undefined, ref('mqttLost.portLost'));
    onReturn?.(await this.link.reopen(signal));
    await this.reinitialise(signal);
  }

  // ── the end of a run ───────────────────────────────────────────────────────────────────────

  private async finish(outcome: RunOutcome, failed?: Failed): Promise<RunResult> {
    this.traffic.flush();
    const exitCategory: ExitCategory = exitCategoryOf(outcome, failed?.exitCategory);
    this.emit({ type: 'run-finished', outcome, exitCategory });
    // The outcome is decided here, in the same turn as run-finished: a late cancel cannot slip in between.
    if (outcome === 'failed') {
      const step = failed?.step ?? this.lifecycle.step ?? 'identify';
      this.lifecycle.to('failed-holding-port', { step, outcome, ...(failed ? { reason: failed.failure.code } : {}) });
    } else {
      if (outcome === 'cancelled') this.lifecycle.toCancelling('cancelled');
      this.lifecycle.to('finished', { outcome });
      await this.link.close();
    }
    const written = await writeReport({ dir: this.dir, events: reportEvents(this.events.kept), redactor: this.redactor, lang: this.options.lang ?? 'en' });
    await this.writeSnapshot(outcome).catch((error: unknown) => {
      this.snapshotError ??= `run context: ${error instanceof Error ? error.message : String(error)}`;
    });
    const identity = this.context.identity;
    const logError = this.events.logError ?? this.snapshotError;
    return {
      runId: this.runId,
      dir: this.dir,
      outcome,
      exitCategory,
      ...(failed ? { failure: { step: failed.step, ...failed.failure } } : {}),
      ...(identity ? { deviceId: identity.deviceId } : {}),
      files: { log: `${this.dir}/${SESSION_LOG_FILE}`, reportJson: written.jsonPath, reportHtml: written.htmlPath },
      ...(logError ? { logError } : {}),
    };
  }

  /** `<run folder>/context.json`: what a resume in another process needs, secrets left out (run-snapshot.ts). */
  private async writeSnapshot(outcome: RunOutcome): Promise<void> {
    const { port, profile, profileSource } = this.options;
    const failedStep = this.resumeFrom ?? (this.lifecycle.is('failed-holding-port') ? this.lifecycle.step : undefined);
    await writeRunSnapshot(this.dir, {
      formatVersion: 1,
      runId: this.runId,
      port,
      profile: { name: profile.name, source: profileSource ?? this.options.restored?.snapshot.profile.source ?? '' },
      outcome,
      done: this.steps.filter((step) => this.done.has(step.id)).map((step) => step.id),
      ...(failedStep ? { failedStep } : {}),
      context: storableContext(this.context),
    });
  }

  private emit(body: RunnerEventBody): void {
    this.events.emit(body);
  }
}
