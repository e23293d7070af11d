/**
 * One run as the back end tracks it: the engine, the events seen so far (for reports and for a
 * window that opens late), whether the engine is busy, and the FOTA questions waiting for the
 * user. Transitions: running → stopped (passed, failed, cancelled) → running again on resume.
 */
import type { FotaOffer, RunOutcome, RunnerEvent } from '../../shared/events.ts';
import type { StepId } from '../../shared/steps.ts';
import type { AtResponse } from '../engine/at/types.ts';
import { AppError } from './errors.ts';
import type { RunEngine } from './run-engine.ts';

/** Events kept in memory per run; older ones are still in the session log on disk. */
export const MAX_KEPT_EVENTS = 200_000;

type Target = FotaOffer['target'];

export class RunSession {
  readonly events: RunnerEvent[] = [];
  #engine: RunEngine | undefined;
  #active: Promise<void> | undefined;
  #cancelled = false;
  readonly #offers = new Map<Target, (accept: boolean) => void>();

  constructor(
    readonly runId: string,
    readonly port: string,
    readonly profileName: string,
    /** `<outDir>/<runId>`: session.jsonl and the report. */
    readonly dir: string,
    private readonly publish: (runId: string, event: RunnerEvent) => void,
    private readonly onStopped: (session: RunSession, error: unknown) => void,
  ) {}

  /** Connects the engine (built with `decide` from this session). */
  attach(engine: RunEngine): void {
    this.#engine = engine;
    engine.onEvent((event) => {
      if (this.events.length >= MAX_KEPT_EVENTS) this.events.splice(0, this.events.length - MAX_KEPT_EVENTS + 1);
      this.events.push(event);
      this.publish(this.runId, event);
    });
  }

  /** True while the engine is running (the port is held). */
  get isActive(): boolean {
    return this.#active !== undefined;
  }

  /** The outcome of the last run-finished event, if the run has stopped. */
  get outcome(): RunOutcome | undefined {
    return this.events.findLast((e) => e.type === 'run-finished')?.outcome;
  }

  /** The step that failed last (where a retry resumes). */
  get failedStep(): StepId | undefined {
    return this.events.findLast((e) => e.type === 'step-failed')?.step;
  }

  start(): void {
    this.#launch((engine) => engine.start());
  }

  resume(fromStep: StepId | undefined): void {
    if (this.isActive) throw new AppError('bad-state', `retryRun: run ${this.runId} is still running`);
    if (this.#cancelled) throw new AppError('bad-state', `retryRun: run ${this.runId} was cancelled; start a new run`);
    const from = fromStep ?? this.failedStep;
    if (from === undefined) throw new AppError('bad-state', `retryRun: run ${this.runId} has no failed step to resume from`);
    this.#launch((engine) => engine.resume(from));
  }

  /** The runner's decide() for the `ask` policy: waits for answerFota (or cancel → no). */
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

  async cancel(): Promise<void> {
    this.#cancelled = true;
    this.#declineAll();
    if (!this.isActive) return;
    await this.#engineOrThrow().cancel();
    await this.#active?.catch(() => undefined);
  }

  publishTest(payload: string): Promise<void> {
    return this.#whileActive('publishTest').publishTest(payload);
  }

  disconnect(): Promise<void> {
    return this.#whileActive('disconnect').disconnect();
  }

  sendAt(command: string): Promise<AtResponse> {
    return this.#whileActive('sendAt').sendAt(command);
  }

  /** Resolves when the engine is idle. */
  async settled(): Promise<void> {
    await this.#active?.catch(() => undefined);
  }

  #launch(run: (engine: RunEngine) => Promise<void>): void {
    const engine = this.#engineOrThrow();
    const active = run(engine).then(
      () => this.#stopped(undefined),
      (error: unknown) => this.#stopped(error),
    );
    this.#active = active;
  }

  #stopped(error: unknown): void {
    this.#active = undefined;
    this.#declineAll();
    this.onStopped(this, error);
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
