/**
 * The station engine (docs/station.md): many slots at once, each with its own port and
 * SequenceRunner. The port list is read every `pollMs` through an injectable PortLister (hot-plug):
 * a unit that appears starts a run, a unit that is pulled empties its slot (which keeps showing the
 * last result). Nothing a slot does waits for another: each run has its own time limit, and a
 * slot's bookkeeping failure is a note, never a stall.
 *
 *   const station = new Station({ config, profile, outDir, operator: 'kim' });
 *   station.onEvent((event) => …);          // slot-state, slot-run, station-state
 *   const summary = await station.run();     // until stop() (twice: cancel), or --once: all done
 *
 * Stop: the first stop() lets running units finish and starts no new ones (`draining`); a second
 * cancels them (`cancelling`), each runner leaving its device in a known state.
 */
import { existsSync } from 'node:fs';
import { formatMessage, type Language } from '../../shared/messages/index.ts';
import type { Profile } from '../../shared/profile.ts';
import type { SlotResult, SlotState, StationConfig, StationCounters, StationEvent, StationState } from '../../shared/station.ts';
import type { StepId } from '../../shared/steps.ts';
import { SequenceRunner, type SequenceRunnerOptions } from '../engine/sequence/runner.ts';
import { serialportList, type PortInfo, type PortLister } from '../engine/transport/list.ts';
import { InStationGuard } from './admission.ts';
import { CounterBook } from './counters.ts';
import type { FinishedUnit, SlotRecorder } from './recorder.ts';
import { Slot, type RunnerFactory, type SlotContext } from './slot.ts';
import { readSlotPort } from './slot-port.ts';
import { StationLog } from './station-log.ts';

export interface StationOptions {
  config: StationConfig;
  profile: Profile;
  /** Run folders and the station log go here. */
  outDir: string;
  operator?: string;
  lang?: Language;
  /** Run every unit present at the start once, then stop. */
  once?: boolean;
  /** The port list (default: the serialport listing). A virtual line passes its own. */
  portLister?: PortLister;
  /** Whether a path exists (ports the listing does not show: PTYs). */
  exists?: (path: string) => boolean;
  recorder?: SlotRecorder;
  /** Makes the cloud know each unit before its certificates are read (the demo kit). */
  provision?: (ids: { imei: string; deviceId: string }, port: string) => Promise<void>;
  /** Runner options every slot gets (retry backoff, baud rate…). */
  runner?: Partial<Omit<SequenceRunnerOptions, 'port' | 'profile' | 'outDir' | 'runId' | 'checkUnit' | 'provision'>>;
  createRunner?: RunnerFactory;
}

export interface SlotView {
  label: string;
  state: SlotState;
  step: StepId | undefined;
  imei: string | undefined;
  port: string | undefined;
  /** When the current state began. */
  since: number;
  last: SlotResult | undefined;
}

export interface StationSummary {
  counters: StationCounters;
  units: FinishedUnit[];
  logDir: string;
  logError: string | undefined;
}

export class Station {
  readonly slots: readonly Slot[];
  readonly log: StationLog;
  readonly #listeners = new Set<(event: StationEvent) => void>();
  readonly #guard = new InStationGuard();
  readonly #counters: CounterBook;
  readonly #units: FinishedUnit[] = [];
  readonly #lister: PortLister;
  readonly #exists: (path: string) => boolean;
  #state: StationState = 'running';
  #operator: string | undefined;
  #accepting = true;
  #wake: (() => void) | undefined;
  #ran = false;
  #listProblem: string | undefined;
  /** The last (or the pending) port listing, shared (see #readListing). */
  #listing: { at: number; pending: boolean; ports: Promise<PortInfo[]> } | undefined;
  /** Slots whose interfaces could not be told apart, already reported (reported again after a change). */
  readonly #ambiguous = new Map<string, string>();

  constructor(private readonly options: StationOptions) {
    const { config } = options;
    this.#operator = options.operator?.trim() || undefined;
    this.#counters = new CounterBook(Date.now());
    this.#lister = options.portLister ?? serialportList;
    this.#exists = options.exists ?? existsSync;
    this.log = new StationLog(options.outDir, config.name);
    const ctx: SlotContext = {
      station: config.name,
      line: config.line,
      policy: config.duplicates,
      timeoutMs: config.slotTimeoutS * 1000,
      guard: this.#guard,
      recorder: options.recorder,
      operator: () => this.#operator,
      runnerOptions: {
        retryBackoffMs: 1000,
        ...options.runner,
        profile: options.profile,
        outDir: options.outDir,
        fotaPolicy: config.fota,
        lang: options.lang ?? 'en',
        portLister: () => this.#readListing(),
      },
      provision: options.provision,
      createRunner: options.createRunner ?? ((runnerOptions) => new SequenceRunner(runnerOptions)),
      emitSlot: (body) => this.#emit({ ...body, t: Date.now() }),
      emitRun: (slot, runId, event) => this.#emit({ type: 'slot-run', t: event.t, slot, runId, event }),
      finished: (unit) => {
        this.#units.push(unit);
        this.#counters.add(unit.result);
      },
      note: (slot, text) => this.#note(`${slot}: ${text}`),
    };
    this.slots = config.slots.map((slot) => new Slot(slot.label, ctx));
  }

  get state(): StationState {
    return this.#state;
  }

  get operator(): string | undefined {
    return this.#operator;
  }

  get counters(): StationCounters {
    return this.#counters.snapshot();
  }

  /** A port-list problem of the last reading (shown; the station keeps polling). */
  get listProblem(): string | undefined {
    return this.#listProblem;
  }

  /** Every slot as a face shows it. */
  view(): SlotView[] {
    return this.slots.map((slot) => ({
      label: slot.label,
      state: slot.machine.state,
      step: slot.machine.step,
      imei: slot.machine.imei,
      port: slot.machine.port,
      since: slot.machine.since,
      last: slot.machine.last,
    }));
  }

  onEvent(listener: (event: StationEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A badge or name typed (or scanned): recorded with every unit started from now on. */
  setOperator(name: string): void {
    this.#operator = name.trim() || undefined;
    this.#stationState(this.#state, 'operator changed');
  }

  /**
   * A scanned unit serial for the unit on (or next on) `label`. With `unitSerial: true` in the
   * configuration, a unit waits in `present` until its serial is scanned, then starts.
   */
  setUnitSerial(label: string, serial: string): boolean {
    const slot = this.#slot(label);
    if (!slot) return false;
    slot.setUnitSerial(serial.trim() || undefined);
    if (slot.state === 'present' && this.#accepting && slot.hasUnitSerial) this.#background(slot, slot.start('run-started'));
    return true;
  }

  /** Runs the failed unit on `label` again from its failed step; false when there is none. */
  retry(label: string): boolean {
    const slot = this.#slot(label);
    if (!slot || slot.state !== 'failed' || !this.#accepting) return false;
    this.#background(slot, slot.start('retry'));
    return true;
  }

  /** Runs the passed unit on `label` again (rework); false when there is none. */
  rework(label: string): boolean {
    const slot = this.#slot(label);
    if (!slot || slot.state !== 'passed' || !this.#accepting) return false;
    this.#background(slot, slot.start('rework'));
    return true;
  }

  /** First call: finish the running units, start no new ones. Second: cancel them. */
  stop(): void {
    if (this.#state === 'running') {
      this.#accepting = false;
      this.#stationState('draining', 'stop requested');
    } else if (this.#state === 'draining') {
      this.#stationState('cancelling', 'stop requested again');
      for (const slot of this.slots) this.#background(slot, slot.cancel());
    }
    this.#wake?.();
  }

  /** Polls and runs until stopped (or, with `once`, until every unit present at the start has run). */
  async run(): Promise<StationSummary> {
    if (this.#ran) throw new Error('a station runs once; make a new one');
    this.#ran = true;
    await this.log.open(this.slots.map((slot) => slot.label));
    this.#stationState('running', this.options.once ? 'started (once)' : 'started');
    try {
      await this.#scan();
      if (this.options.once) this.#accepting = false;
      while (this.#state === 'running' || this.#state === 'draining' || this.#state === 'cancelling') {
        if (this.#state !== 'running' || this.options.once) {
          if (!this.slots.some((slot) => slot.isRunning)) break;
        }
        await this.#sleep(this.options.config.pollMs);
        await this.#scan();
      }
      await Promise.all(this.slots.map((slot) => slot.whenIdle));
    } finally {
      await Promise.all(this.slots.map((slot) => slot.close()));
      this.#stationState('stopped', 'all slots idle');
      await this.log.close();
    }
    return { counters: this.#counters.snapshot(), units: [...this.#units], logDir: this.log.dir, logError: this.log.error };
  }

  // ── hot-plug ────────────────────────────────────────────────────────────────────────────────

  async #scan(): Promise<void> {
    let listing: PortInfo[] = [];
    try {
      // A path slot whose path exists is present whatever the listing says: the listing (a udevadm
      // run on Linux, a process spawned each time) is read only when a slot needs it.
      if (this.#needsListing()) listing = await this.#readListing();
      this.#listProblem = undefined;
    } catch (error) {
      // A listing that fails (udev hiccup) changes nothing: slots keep their state until the next reading.
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== this.#listProblem) this.#note(formatMessage(this.#lang, 'station.listFailed', { detail: problem }));
      this.#listProblem = problem;
      return;
    }
    this.options.config.slots.forEach((config, index) => {
      const slot = this.slots[index];
      if (!slot) return;
      const reading = readSlotPort(config.port, listing, this.#exists);
      if (reading.present) {
        this.#ambiguous.delete(slot.label);
        slot.appeared(reading.path);
        const serialReady = !this.options.config.unitSerial || slot.hasUnitSerial;
        if (slot.state === 'present' && this.#accepting && serialReady) this.#background(slot, slot.start('run-started'));
        return;
      }
      if ('ambiguous' in reading) {
        const ports = reading.ambiguous.join(', ');
        if (this.#ambiguous.get(slot.label) !== ports) this.#note(formatMessage(this.#lang, 'station.ambiguous', { slot: slot.label, ports }));
        this.#ambiguous.set(slot.label, ports);
      }
      this.#background(slot, slot.pulled());
    });
  }

  #needsListing(): boolean {
    return this.options.config.slots.some((slot) => !('path' in slot.port) || !this.#exists(slot.port.path));
  }

  /**
   * The port list, one reading shared by everyone who asks at about the same time: the station's
   * poll and each runner that learns its port's USB identity when it opens (32 units starting
   * together asked for 32 listings). A reading younger than half the poll interval is reused.
   */
  #readListing(): Promise<PortInfo[]> {
    const fresh = this.#listing && performance.now() - this.#listing.at < this.options.config.pollMs / 2;
    if (this.#listing && (fresh || this.#listing.pending)) return this.#listing.ports;
    const entry: { at: number; pending: boolean; ports: Promise<PortInfo[]> } = { at: performance.now(), pending: true, ports: this.#lister() };
    this.#listing = entry;
    entry.ports.then(
      () => {
        entry.pending = false;
        entry.at = performance.now();
      },
      () => {
        if (this.#listing === entry) this.#listing = undefined;
      },
    );
    return entry.ports;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────

  /** A slot's work that nobody awaits: a failure is a note on that slot, never an unhandled rejection. */
  #background(slot: Slot, work: Promise<void>): void {
    work.catch((error: unknown) => this.#note(`${slot.label}: ${error instanceof Error ? error.message : String(error)}`));
  }

  get #lang(): Language {
    return this.options.lang ?? 'en';
  }

  #slot(label: string): Slot | undefined {
    const wanted = label.trim().toUpperCase();
    return this.slots.find((slot) => slot.label.toUpperCase() === wanted);
  }

  #stationState(state: StationState, reason: string): void {
    this.#state = state;
    this.#emit({
      type: 'station-state',
      t: Date.now(),
      station: this.options.config.name,
      state,
      reason,
      ...(this.#operator !== undefined ? { operator: this.#operator } : {}),
      counters: this.#counters.snapshot(),
    });
  }

  #note(text: string): void {
    this.#stationState(this.#state, text.slice(0, 200));
  }

  #emit(event: StationEvent): void {
    this.log.write(event);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A face that throws must not stop the station or another slot.
      }
    }
  }
}
