/**
 * A scripted RunEngine for back-end and web-bridge tests that do not need a device: it emits a
 * short, schema-valid run (run-started, identify passed, a FOTA offer that waits for decide()),
 * then either fails at `failAt` or passes, and records every call. Its lifecycle is the engine's
 * own state machine (run-state events), and its events go to `<outDir>/<runId>/session.jsonl`
 * like a real run's, so the back end can drop it and read it back.
 */
import type { RunnerEvent, RunnerEventBody } from '../../shared/events.ts';
import { stampEvent } from '../../shared/events.ts';
import type { StepId } from '../../shared/steps.ts';
import type { RunEngine, RunEngineFactory, RunEngineOptions } from '../../electron/app/run-engine.ts';
import type { AtResponse } from '../../electron/engine/at/types.ts';
import { RunLifecycle } from '../../electron/engine/sequence/run-lifecycle.ts';
import { Redactor } from '../../electron/engine/session/redaction.ts';
import { openSessionLog, type SessionLog } from '../../electron/engine/session/session-log.ts';

export interface FakeRunScript {
  /** The step that fails on the first pass (a resume passes it). */
  failAt?: StepId;
  /** Offer main firmware and wait for the decision. */
  offerFota?: boolean;
  /** Stay "connected" (live session) until disconnect() or cancel(). */
  stayLive?: boolean;
}

export class FakeRunEngine implements RunEngine {
  readonly calls: string[] = [];
  decisions: boolean[] = [];
  #listeners = new Set<(event: RunnerEvent) => void>();
  #release: (() => void) | undefined;
  #cancelled = false;
  #running = false;
  #failed = false;
  closed = false;
  readonly lifecycle = new RunLifecycle((body) => this.emit(body));
  #log: SessionLog | undefined;
  #opening: Promise<void> | undefined;
  #unwritten: RunnerEvent[] = [];

  constructor(
    readonly options: RunEngineOptions,
    private readonly script: FakeRunScript,
  ) {}

  async #openLog(): Promise<void> {
    this.#log ??= await openSessionLog({ outDir: this.options.outDir, runId: this.options.runId, redactor: new Redactor() });
    for (const event of this.#unwritten.splice(0)) this.#log.write(event);
  }

  onEvent(listener: (event: RunnerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(body: RunnerEventBody): void {
    const event = stampEvent(body);
    if (this.#log) this.#log.write(event);
    else this.#unwritten.push(event);
    for (const listener of this.#listeners) listener(event);
  }

  async start(): Promise<void> {
    this.calls.push('start');
    this.emit({ type: 'run-started', runId: this.options.runId, port: this.options.port, profileName: this.options.profile.name, startedAt: Date.now() });
    this.lifecycle.to('opening', { reason: 'start' });
    this.#opening = this.#openLog(); // in the background: the scripted run goes on at once, its events queue until then
    await this.#steps(['identify', 'fota-main', 'mqtt-connect'], this.script.failAt);
  }

  async resume(fromStep?: StepId): Promise<void> {
    this.calls.push(`resume:${fromStep}`);
    this.lifecycle.to('resuming', { step: fromStep ?? 'identify' });
    await this.#steps([fromStep ?? 'identify', 'mqtt-connect'], undefined);
  }

  async #steps(steps: StepId[], failAt: StepId | undefined): Promise<void> {
    this.#running = true;
    this.#failed = false;
    try {
      await this.#walk(steps, failAt);
    } finally {
      this.#running = false;
    }
  }

  async #walk(steps: StepId[], failAt: StepId | undefined): Promise<void> {
    for (const step of steps) {
      if (this.#cancelled) return this.#finish('cancelled');
      this.lifecycle.to('running', { step });
      this.emit({ type: 'step-started', step });
      if (step === 'fota-main' && this.script.offerFota) {
        this.emit({ type: 'fota-offer', target: 'main', current: '1.3.0', offered: '1.4.0', size: 1000 });
        this.lifecycle.to('waiting-for-decision', { step });
        this.decisions.push(await this.options.decide(stampEvent({ type: 'fota-offer', target: 'main', current: '1.3.0', offered: '1.4.0', size: 1000 }) as never));
        if (this.lifecycle.is('waiting-for-decision')) this.lifecycle.to('running', { step });
      }
      if (step === failAt) {
        const error = { code: 'TIMEOUT', meaning: 'no answer', hint: 'check the cable', category: 'device' as const };
        this.emit({ type: 'step-failed', step, durationMs: 5, error });
        this.#failed = true;
        return this.#finish('failed', step);
      }
      this.emit({ type: 'step-passed', step, durationMs: 5, summary: `${step} ok` });
    }
    if (this.script.stayLive && !this.#cancelled) {
      this.emit({ type: 'mqtt-state', state: 'connected' });
      await new Promise<void>((resolve) => (this.#release = resolve));
    }
    this.#finish(this.#cancelled ? 'cancelled' : 'passed');
  }

  #finish(outcome: 'passed' | 'failed' | 'cancelled', failedStep?: StepId): void {
    const exitCategory = outcome === 'passed' ? 'ok' : outcome === 'failed' ? 'device' : 'aborted';
    this.emit({ type: 'run-finished', outcome, exitCategory });
    if (outcome === 'failed') this.lifecycle.to('failed-holding-port', { step: failedStep ?? 'identify', outcome });
    else {
      if (outcome === 'cancelled') this.lifecycle.toCancelling('cancelled');
      this.lifecycle.to('finished', { outcome });
    }
  }

  async cancel(): Promise<void> {
    this.calls.push('cancel');
    this.#cancelled = true;
    if (this.#running) this.lifecycle.toCancelling('cancel requested');
    this.#release?.();
    if (!this.#running && this.#failed) this.#finish('cancelled'); // like the runner: a failed run still held the port
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.closed = true;
    if (!this.lifecycle.is('closed')) this.lifecycle.to('closed');
    await this.#opening;
    await this.#log?.close();
  }

  async publishTest(payload: string): Promise<void> {
    this.calls.push(`publishTest:${payload}`);
    this.emit({ type: 'mqtt-message', topic: `DDTM/UP/TMS2_1`, payload, direction: 'out' });
  }

  async disconnect(): Promise<void> {
    this.calls.push('disconnect');
    this.emit({ type: 'mqtt-state', state: 'closed' });
    this.#release?.();
  }

  async sendAt(command: string): Promise<AtResponse> {
    this.calls.push(`sendAt:${command}`);
    return { command, lines: ['Quectel', 'EC21'], final: 'OK', durationMs: 1 };
  }
}

/** A factory that remembers the engines it made. */
export function fakeEngineFactory(script: FakeRunScript = {}): RunEngineFactory & { engines: FakeRunEngine[] } {
  const engines: FakeRunEngine[] = [];
  const factory = (options: RunEngineOptions) => {
    const engine = new FakeRunEngine(options, script);
    engines.push(engine);
    return engine;
  };
  return Object.assign(factory, { engines });
}
