/**
 * One slot of the fixture: its state machine (slot-machine.ts), its port, and the SequenceRunner of
 * the unit on it. A unit that appears starts a run (unless the station is stopping); the run is
 * admitted after identify (admission.ts); its end is recorded (recorder.ts) and shown until the
 * unit is pulled. A failed unit still in the slot keeps its runner (which holds the port) so it can
 * be retried from the failed step; a passed unit can be run again as rework. Each run has its own
 * time limit: a hung slot is cancelled alone.
 */
import type { RunnerEvent } from '../../shared/events.ts';
import type { DeviceIds } from '../../shared/profile.ts';
import type { DuplicatePolicy } from '../../shared/run-record.ts';
import { REFUSAL_REASONS, type SlotResult, type SlotState } from '../../shared/station.ts';
import type { StepId } from '../../shared/steps.ts';
import type { RunResult, SequenceRunner, SequenceRunnerOptions } from '../engine/sequence/runner.ts';
import { newRunId } from '../engine/session/session-dir.ts';
import { slotAdmission, type InStationGuard } from './admission.ts';
import type { FinishedUnit, SlotRecorder, UnitRecording, UnitTags } from './recorder.ts';
import { writeUnitTag } from './recorder.ts';
import { SlotMachine, type SlotEventBody } from './slot-machine.ts';

export type RunnerFactory = (options: SequenceRunnerOptions) => SequenceRunner;

/** What every slot of a station shares. */
export interface SlotContext {
  station: string;
  line: string | undefined;
  policy: DuplicatePolicy;
  timeoutMs: number;
  guard: InStationGuard;
  recorder: SlotRecorder | undefined;
  operator(): string | undefined;
  /** Everything of the runner's options but the port, run id and steps. */
  runnerOptions: Omit<SequenceRunnerOptions, 'port' | 'runId' | 'checkUnit' | 'provision'>;
  /** Makes the cloud know the unit (the demo kit); `port` is the slot's port. */
  provision: ((ids: { imei: string; deviceId: string }, port: string) => Promise<void>) | undefined;
  createRunner: RunnerFactory;
  emitSlot(body: SlotEventBody): void;
  emitRun(slot: string, runId: string, event: RunnerEvent): void;
  /** A unit's run ended (counters, summary). */
  finished(unit: FinishedUnit): void;
  /** A failure of the station's own bookkeeping (tag file, recorder): shown, never fatal to a slot. */
  note(slot: string, text: string): void;
}

/** The failures that mean "this unit may not run here" (station guard, results store). */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['UNIT_REFUSED', 'DUPLICATE_IMEI', 'DUPLICATES_UNCHECKABLE']);

export type StartCause = 'run-started' | 'retry' | 'rework';

interface UnitRun {
  runner: SequenceRunner;
  recording: UnitRecording | undefined;
  runId: string;
  tags: UnitTags;
  events: RunnerEvent[];
  imei: string | undefined;
  /** The IMEI the guard holds for this run (released at the end). */
  admitted: string | undefined;
  timedOut: boolean;
  cancelledAtStop: boolean;
  startedAt: number;
}

export class Slot {
  readonly machine: SlotMachine;
  /** The unit's run while it runs, or its failed runner kept for a retry. */
  #run: UnitRun | undefined;
  #running: Promise<void> | undefined;
  /** The unit was pulled while its run was going: the slot empties when the run ends. */
  #pulledDuringRun = false;
  #unitSerial: string | undefined;
  /** Where the last failed run stopped (retry starts there). */
  #failedStep: StepId | undefined;

  constructor(
    readonly label: string,
    private readonly ctx: SlotContext,
  ) {
    this.machine = new SlotMachine(label, (body) => ctx.emitSlot(body));
  }

  get state(): SlotState {
    return this.machine.state;
  }

  get isRunning(): boolean {
    return this.#running !== undefined;
  }

  /** The run under way (resolves when it has ended and been recorded). */
  get whenIdle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  get hasUnitSerial(): boolean {
    return this.#unitSerial !== undefined;
  }

  setUnitSerial(serial: string | undefined): void {
    this.#unitSerial = serial;
    // A serial scanned while the unit's run is under way (or kept for a retry) belongs to that unit:
    // its record and station.json carry it.
    const run = this.#run;
    if (run) {
      const { unitSerial: _old, ...rest } = run.tags;
      run.tags = { ...rest, ...(serial !== undefined ? { unitSerial: serial } : {}) };
      run.recording?.setUnitSerial?.(serial);
    }
  }

  /** The port list shows a unit on this slot's port. */
  appeared(port: string): void {
    if (this.machine.state === 'empty') this.machine.to('present', 'device-appeared', { port });
  }

  /** The port list no longer shows this slot's port. */
  async pulled(): Promise<void> {
    const state = this.machine.state;
    if (state === 'empty') return;
    if (state === 'running') {
      // The run sees the port go (PORT_LOST after the reopen window) and ends by itself.
      this.#pulledDuringRun = true;
      return;
    }
    // The slot empties at once (a second reading while the runner closes finds it empty already).
    this.#unitSerial = undefined;
    this.machine.to('empty', 'pulled');
    await this.#release();
  }

  /** Starts the unit's run: a fresh one (present, rework) or from the failed step (retry). */
  start(cause: StartCause = 'run-started'): Promise<void> {
    if (this.#running) return this.#running;
    const from = this.machine.state;
    if (cause === 'retry' && from === 'failed' && this.#run) {
      this.#running = this.#resume(this.#run).finally(() => (this.#running = undefined));
      return this.#running;
    }
    if (cause === 'retry' || (cause === 'run-started' && from !== 'present') || (cause === 'rework' && from !== 'passed')) {
      return Promise.resolve();
    }
    this.#running = this.#fresh(cause).finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Cancels the run under way (second Ctrl-C); the runner leaves the device in a known state. */
  async cancel(): Promise<void> {
    const run = this.#run;
    if (run && this.#running) {
      run.cancelledAtStop = true;
      await run.runner.cancel();
    }
    await this.whenIdle;
  }

  /** Closes a runner kept for a retry (station stop). */
  async close(): Promise<void> {
    await this.whenIdle;
    await this.#release();
  }

  // ── runs ────────────────────────────────────────────────────────────────────────────────────

  #tags(port: string): UnitTags {
    const operator = this.ctx.operator();
    return {
      station: this.ctx.station,
      ...(this.ctx.line !== undefined ? { line: this.ctx.line } : {}),
      slot: this.label,
      port,
      ...(operator !== undefined ? { operator } : {}),
      ...(this.#unitSerial !== undefined ? { unitSerial: this.#unitSerial } : {}),
    };
  }

  async #fresh(cause: 'run-started' | 'rework'): Promise<void> {
    await this.#release();
    // The unit may have been pulled while an earlier runner closed.
    if (this.machine.state !== (cause === 'rework' ? 'passed' : 'present')) return;
    const port = this.machine.port ?? '';
    const runId = newRunId(`${this.ctx.station}-${this.label}`);
    const tags = cause === 'rework' ? { ...this.#tags(port), rework: true as const } : this.#tags(port);
    const recording = this.ctx.recorder?.forUnit(tags, runId);
    const unit: UnitRun = { runner: undefined as unknown as SequenceRunner, recording, runId, tags, events: [], imei: undefined, admitted: undefined, timedOut: false, cancelledAtStop: false, startedAt: Date.now() };
    const admission = slotAdmission({
      guard: this.ctx.guard,
      slot: this.label,
      policy: cause === 'rework' ? 'rework' : this.ctx.policy,
      ...(recording ? { check: (ids: DeviceIds) => recording.checkUnit(ids) } : {}),
      onAdmitted: (imei) => {
        unit.admitted = imei;
        if (this.machine.state === 'running') this.machine.to('running', 'step', { imei });
      },
    });
    const provision = this.ctx.provision;
    unit.runner = this.ctx.createRunner({
      ...this.ctx.runnerOptions,
      port,
      runId,
      checkUnit: (ids) => admission.admit(ids),
      ...(provision ? { provision: (ids) => provision(ids, port) } : {}),
    });
    recording?.attach(unit.runner);
    this.#run = unit;
    this.#follow(unit);
    this.machine.to('running', cause, { runId, step: 'identify', port });
    await this.#drive(unit, () => unit.runner.start());
  }

  /** The runner asks checkUnit again before it goes on (the guard and the store see the unit again). */
  async #resume(unit: UnitRun): Promise<void> {
    unit.timedOut = false;
    unit.cancelledAtStop = false;
    unit.startedAt = Date.now();
    this.machine.to('running', 'retry', { runId: unit.runId, ...(this.#failedStep ? { step: this.#failedStep } : {}) });
    await this.#drive(unit, () => unit.runner.resume());
  }

  #follow(unit: UnitRun): void {
    unit.runner.onEvent((event) => {
      if (event.type === 'at-traffic') return;
      unit.events.push(event);
      if (event.type === 'device-identified') unit.imei = event.imei;
      this.ctx.emitRun(this.label, unit.runId, event);
      if (event.type === 'step-started' && this.machine.state === 'running' && this.machine.step !== event.step) {
        this.machine.to('running', 'step', { step: event.step });
      }
    });
  }

  async #drive(unit: UnitRun, go: () => Promise<RunResult>): Promise<void> {
    const timer = setTimeout(() => {
      unit.timedOut = true;
      void unit.runner.cancel();
    }, this.ctx.timeoutMs);
    let run: RunResult | undefined;
    let crash: unknown;
    try {
      run = await go();
    } catch (error) {
      crash = error;
    } finally {
      clearTimeout(timer);
    }
    const result = this.#resultOf(unit, run, crash);
    if (unit.admitted !== undefined) this.ctx.guard.release(unit.admitted, this.label, result.outcome === 'passed');
    unit.admitted = undefined;
    this.#failedStep = result.outcome === 'failed' ? result.step : undefined;
    const finished: FinishedUnit = { tags: unit.tags, runId: unit.runId, ...(unit.imei ? { imei: unit.imei } : {}), ...(run ? { run } : {}), result, events: unit.events };
    // A failed unit still in its slot keeps its runner (it holds the port) for a retry; others let go.
    const keep = result.outcome === 'failed' && !this.#pulledDuringRun && run !== undefined && !unit.cancelledAtStop;
    if (!keep) await this.#release();
    if (run) await writeUnitTag(run.dir, finished).catch((error: unknown) => this.ctx.note(this.label, `station.json: ${error instanceof Error ? error.message : String(error)}`));
    await unit.recording?.settle().catch((error: unknown) => this.ctx.note(this.label, `record: ${error instanceof Error ? error.message : String(error)}`));
    this.machine.to(result.outcome, 'run-finished', { result });
    this.ctx.finished(finished);
    if (this.#pulledDuringRun) {
      this.#pulledDuringRun = false;
      await this.#release();
      this.#unitSerial = undefined;
      this.machine.to('empty', 'pulled');
    }
  }

  #resultOf(unit: UnitRun, run: RunResult | undefined, crash: unknown): SlotResult {
    const base = {
      runId: unit.runId,
      ...(unit.imei ? { imei: unit.imei } : {}),
      ...(run ? { runDir: run.dir } : {}),
      durationMs: Math.max(0, Date.now() - unit.startedAt),
    };
    if (!run) {
      this.ctx.note(this.label, `run: ${crash instanceof Error ? crash.message : String(crash)}`);
      return { ...base, outcome: 'failed', code: 'INTERNAL' };
    }
    if (run.outcome === 'passed') return { ...base, outcome: 'passed' };
    if (run.failure && REFUSAL_CODES.has(run.failure.code)) {
      const { reason, otherSlot } = refusalOf(run.failure.code, run.failure.values);
      return { ...base, outcome: 'refused', code: run.failure.code, step: run.failure.step, ...(reason ? { refusal: reason } : {}), ...(otherSlot ? { otherSlot } : {}) };
    }
    if (run.outcome === 'cancelled') return { ...base, outcome: 'failed', code: unit.timedOut ? 'SLOT_TIMEOUT' : 'CANCELLED' };
    return { ...base, outcome: 'failed', ...(run.failure ? { code: run.failure.code, step: run.failure.step } : {}) };
  }

  async #release(): Promise<void> {
    const run = this.#run;
    this.#run = undefined;
    await run?.runner.close().catch(() => undefined);
  }
}

/** Why the unit was refused: the store's codes, or UNIT_REFUSED's values (`reason` is a `station.refusal.*` message, with the other slot). */
function refusalOf(code: string, values: unknown): { reason: SlotResult['refusal']; otherSlot: string | undefined } {
  if (code === 'DUPLICATE_IMEI') return { reason: 'already-passed', otherSlot: undefined };
  if (code === 'DUPLICATES_UNCHECKABLE') return { reason: 'cannot-check', otherSlot: undefined };
  const reason = (values as { reason?: { key?: string; values?: { slot?: unknown } } } | undefined)?.reason;
  const found = /^station\.refusal\.(.+)$/.exec(reason?.key ?? '')?.[1];
  const known = REFUSAL_REASONS.find((candidate) => candidate === found);
  const slot = reason?.values?.slot;
  return { reason: known, otherSlot: typeof slot === 'string' ? slot : undefined };
}
