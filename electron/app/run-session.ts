/**
 * One run as the back end tracks it: its engine, the bounded timeline of its events (listRuns and
 * the report while the run is held; the full log is session.jsonl on disk), the FOTA questions
 * waiting for the user, and its lifecycle state — followed from the engine's run-state events
 * (engine/sequence/run-lifecycle.ts), never worked out again here.
 *
 *   … ──(finished: passed | cancelled)──► closed        (port released, session log flushed)
 *   … ──(failed-holding-port)──► retryRun ──► resuming ──► running
 *        (port kept open)     ──(cancel / new run on the port / quit)──► closed
 */
import type { FotaOffer, RunLifecycleState, RunOutcome, RunStateEvent, RunnerEvent } from '../../shared/events.ts';
import type { StepId } from '../../shared/steps.ts';
import type { AtResponse } from '../engine/at/types.ts';
import { AppError } from './errors.ts';
import type { RunEngine } from './run-engine.ts';
import type { Redactor } from '../engine/session/redaction.ts';
import { RunTimeline } from './run-timeline.ts';

type Target = FotaOffer['target'];

export interface RunSessionOptions {
  runId: string;
  port: string;
  /** `<outDir>/<runId>`: session.jsonl and the report. */
  dir: string;
  publish: (runId: string, event: RunnerEvent) => void;
  /** Told whenever the run stops or closes (the port list may have changed). */
  onChange: (session: RunSession, error: unknown) => void;
  /** A connect run (default) or a diagnosis (startDiagnosis: its port is released when it ends). */
  kind?: 'run' | 'diagnosis';
}

export class RunSession {
  readonly runId: string;
  readonly port: string;
  readonly dir: string;
  readonly kind: 'run' | 'diagnosis';
  /** Every event, AT traffic bounded: what a reloaded page catches up with (listRuns), and the report's input. */
  readonly timeline = new RunTimeline();
  #engine: RunEngine | undefined;
  /** The engine call (start, resume) until it returns: its port is released only then. */
  #active: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  /** The last run-state event's target, step and outcome. */
  #state: RunLifecycleState = 'idle';
  #step: StepId | undefined;
  #outcome: RunOutcome | undefined;
  readonly #offers = new Map<Target, (accept: boolean) => void>();

  constructor(private readonly options: RunSessionOptions) {
    this.runId = options.runId;
    this.port = options.port;
    this.dir = options.dir;
    this.kind = options.kind ?? 'run';
  }

  /** Connects the engine (built with this session's `decide`). */
  attach(engine: RunEngine): void {
    this.#engine = engine;
    engine.onEvent((event) => {
      if (event.type === 'run-state') this.#follow(event);
      this.timeline.push(event);
      this.options.publish(this.runId, event);
    });
  }

  #follow(event: RunStateEvent): void {
    this.#state = event.to;
    if (event.step !== undefined) this.#step = event.step;
    if (event.outcome !== undefined) this.#outcome = event.outcome;
  }

  /** The engine's Redactor, when it has one (support bundles of a run in memory). */
  get redactor(): Redactor | undefined {
    return this.#engine?.redactor;
  }

  /** Where the run is in its lifecycle (the last run-state event; `idle` while it is being prepared). */
  get state(): RunLifecycleState {
    return this.#state;
  }

  /** True from start or resume until the engine call returns (its port is closed by then unless it failed). */
  get isActive(): boolean {
    return this.#active !== undefined;
  }

  /** True while the run has the port: the engine is working, or the run failed and waits for a retry. */
  get holdsPort(): boolean {
    return this.isActive || this.#state === 'failed-holding-port';
  }

  get outcome(): RunOutcome | undefined {
    return this.#outcome;
  }

  /** The step a retry resumes from (while the run fails holding its port). */
  get failedStep(): StepId | undefined {
    return this.#state === 'failed-holding-port' ? this.#step : undefined;
  }

  /** The events the report is built from while the run is held (non-traffic events are never dropped). */
  reportEvents(): RunnerEvent[] {
    return this.timeline.snapshot().filter((event) => event.type !== 'at-traffic');
  }

  start(): void {
    this.#launch((engine) => engine.start());
  }

  resume(fromStep: StepId | undefined): void {
    if (this.isActive) throw new AppError('bad-state', `retryRun: run ${this.runId} is still running`);
    if (this.isClosed || this.#state === 'finished' || this.#state === 'closed') throw new AppError('bad-state', `retryRun: run ${this.runId} has ended (${this.outcome ?? 'closed'}); start a new run`);
    const from = fromStep ?? this.failedStep;
    if (from === undefined) throw new AppError('bad-state', `retryRun: run ${this.runId} has no failed step to resume from`);
    this.#launch((engine) => engine.resume(from));
  }

  /** The runner's decide() for the `ask` policy: waits for answerFota (cancel answers no). */
  decide = (offer: FotaOffer): Promise<boolean> =>
    new Promise((resolve) => {
      this.#offers.get(offer.target)?.(false); // a repeated offer replaces the old question
      this.#offers.set(offer.target, resolve);
    });

  answerFota(target: Target, accept: boolean): void {
    const answer = this.#offers.get(target);
    if (!answer) throw new AppError('bad-state', `answerFota: run ${this.runId} is not waiting for a ${target} firmware decision`);
    this.#offers.delete(target);
    answer(accept);
  }

  /** Stops the run cleanly (MQTT disconnected, data mode left, port closed) and closes it. */
  async cancel(): Promise<void> {
    this.#declineAll();
    if (this.#closing) return this.#closing;
    const engine = this.#engineOrThrow();
    await engine.cancel();
    await this.#active?.catch(() => undefined);
    await this.close();
  }

  /** Releases the port and flushes the session log; no retry afterwards. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#declineAll();
      await this.#engine?.close();
      this.options.onChange(this, undefined);
    })();
    return this.#closing;
  }

  get isClosed(): boolean {
    return this.#closing !== undefined;
  }

  publishTest(payload: string): Promise<void> {
    return this.#whileActive('publishTest').publishTest(payload);
  }

  disconnect(): Promise<void> {
    return this.#whileActive('disconnect').disconnect();
  }

  /** A terminal command on the run's connection (while it holds the port). */
  sendAt(command: string): Promise<AtResponse> {
    if (!this.holdsPort) throw new AppError('bad-state', `sendAt: run ${this.runId} does not hold ${this.port}`);
    return this.#engineOrThrow().sendAt(command);
  }

  /** Resolves when the engine is idle. */
  async settled(): Promise<void> {
    await this.#active?.catch(() => undefined);
  }

  #launch(run: (engine: RunEngine) => Promise<void>): void {
    const engine = this.#engineOrThrow();
    this.#active = run(engine).then(
      () => this.#stopped(undefined),
      (error: unknown) => this.#stopped(error),
    );
  }

  async #stopped(error: unknown): Promise<void> {
    this.#active = undefined;
    this.#declineAll();
    this.options.onChange(this, error);
    if (this.#state !== 'failed-holding-port' || error !== undefined) await this.close().catch((e: unknown) => this.options.onChange(this, e));
  }

  #declineAll(): void {
    for (const answer of this.#offers.values()) answer(false);
    this.#offers.clear();
  }

  #whileActive(method: string): RunEngine {
    if (!this.isActive) throw new AppError('bad-state', `${method}: run ${this.runId} is not connected`);
    return this.#engineOrThrow();
  }

  #engineOrThrow(): RunEngine {
    if (!this.#engine) throw new AppError('internal', `run ${this.runId} has no engine`);
    return this.#engine;
  }
}
