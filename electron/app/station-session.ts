/**
 * The UI's station (startStation / stopStation, docs/station.md#station-screen): a Station over
 * the requested ports or over a small virtual line (PTYs with virtual units, for the demo), its
 * events collected and sent to the renderer in batches (`station` channel) every BATCH_MS, so a
 * station of 32 busy slots is a few messages a second, never one per event. The units' AT traffic,
 * which the station log leaves out, is collected from each runner and sent in the same batches.
 *
 *   const session = await StationSession.start({ ..., emit: (event) => backend.emit(event) });
 *   session.stop();        // first: finish running units; second: cancel them
 *   await session.done;    // every slot idle, the line (if any) closed
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunnerEvent } from '../../shared/events.ts';
import type { IpcEvent, StartStationRequest } from '../../shared/ipc.ts';
import type { DeviceIds, Profile } from '../../shared/profile.ts';
import type { StationConfig, StationEvent, StationState } from '../../shared/station.ts';
import type { StationCommandRequest, StationSnapshot } from '../../shared/station-ipc.ts';
import { serialportList, type PortLister } from '../engine/transport/list.ts';
import { SequenceRunner } from '../engine/sequence/runner.ts';
import type { ResultsStore } from '../store/types.ts';
import { configFromPorts } from '../station/config.ts';
import type { StationSummary } from '../station/station.ts';
import { Station } from '../station/station.ts';
import { storeRecorder } from '../station/store-recorder.ts';
import type { LineDeviceOptions, VirtualLine } from '../sim/fixture/virtual-line.ts';
import { AppError } from './errors.ts';
import { StationTracker } from './station-tracker.ts';

/** How often the collected events go to the renderer. */
export const STATION_BATCH_MS = 100;
/** A virtual line's units get consecutive IMEIs from this one (each with its Luhn digit). */
const VIRTUAL_LINE_BASE_IMEI = '867969066452788';
const VIRTUAL_LINE_IMEI_OFFSET = 100;

export interface StationSessionOptions {
  stationId: string;
  request: StartStationRequest;
  profile: Profile;
  /** Run folders and the station log. */
  outDir: string;
  /** Where a virtual line's PTY links and unit state go. */
  lineDir: string;
  lang: 'ko' | 'en';
  store?: ResultsStore;
  provision?: (ids: DeviceIds, port: string) => Promise<void>;
  emit(event: IpcEvent): void;
  log(message: string): void;
  /** Runner options of every slot (tests and the bench: baud rate…). */
  runner?: ConstructorParameters<typeof Station>[0]['runner'];
  batchMs?: number;
  /** Options of a virtual line's units (default: fast timings). The bench sets the baud rate. */
  lineDevice?: LineDeviceOptions;
  /**
   * A stored station configuration (startStation `config`): its slots are found through
   * `portLister` (path, USB location or USB serial), with its labels and policies.
   */
  config?: { name: string; config: StationConfig };
  /** The port listing of a configuration's station (default: the serialport listing). */
  portLister?: PortLister;
}

export class StationSession {
  readonly stationId: string;
  readonly station: Station;
  readonly done: Promise<StationSummary | undefined>;
  readonly #events: StationEvent[] = [];
  readonly #traffic: { runId: string; event: RunnerEvent }[] = [];
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #emit: (event: IpcEvent) => void;
  readonly #name: string;
  readonly #config: StationConfig;
  readonly #configName: string | undefined;
  readonly #tracker: StationTracker;
  /** The last batch's number (1, 2, 3…); a snapshot holds every batch up to it. */
  #seq = 0;
  /** Batches sent and events carried (the bench compares them with the renderer's frames). */
  readonly sent = { batches: 0, events: 0, traffic: 0 };

  private constructor(
    options: StationSessionOptions,
    station: Station,
    readonly line: VirtualLine | undefined,
    private readonly trafficSource: { runId: string; event: RunnerEvent }[],
    config: StationConfig,
  ) {
    this.stationId = options.stationId;
    this.station = station;
    this.#emit = options.emit;
    this.#name = config.name;
    this.#config = config;
    this.#configName = options.config?.name;
    this.#tracker = new StationTracker(config.slots.map((slot) => slot.label));
    station.onEvent((event) => this.#events.push(event));
    this.#timer = setInterval(() => this.flush(), options.batchMs ?? STATION_BATCH_MS);
    this.done = station
      .run()
      .catch((error: unknown) => {
        options.log(`station ${this.stationId}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      })
      .finally(async () => {
        clearInterval(this.#timer);
        this.flush();
        await line?.close().catch(() => undefined);
      });
  }

  static async start(options: StationSessionOptions): Promise<StationSession> {
    const { request } = options;
    let line: VirtualLine | undefined;
    let ports: string[];
    if (options.config) {
      ports = [];
    } else if (request.virtualLine) {
      line = await startVirtualLine(request.virtualLine.units, options.lineDir, options.lineDevice ?? { fast: true });
      ports = line.describe().map((slot) => slot.path);
    } else {
      ports = request.ports ?? [];
    }
    try {
      const stored = options.config?.config;
      const base = stored ?? configFromPorts({ ports, profile: request.profile ?? 'demo', name: 'station', ...(request.fota ? { fota: request.fota } : {}) });
      const config: StationConfig = line ? { ...base, slots: base.slots.map((slot, i) => ({ ...slot, label: slotLabel(i) })), pollMs: 250 } : stored && request.fota ? { ...base, fota: request.fota } : base;
      const traffic: { runId: string; event: RunnerEvent }[] = [];
      const recorder = options.store
        ? storeRecorder({ store: options.store, profile: options.profile, duplicates: config.duplicates, onProblem: (slot, text) => options.log(`station ${slot}: ${text}`) })
        : undefined;
      const station = new Station({
        config,
        profile: options.profile,
        outDir: options.outDir,
        lang: options.lang,
        ...(request.operator?.trim() ? { operator: request.operator.trim() } : {}),
        ...(options.provision ? { provision: options.provision } : {}),
        ...(recorder ? { recorder } : {}),
        ...(options.runner ? { runner: options.runner } : {}),
        // `sim:` ports are not files: they are there whenever the demo is.
        exists: (port) => /^sim:/i.test(port) || existsSync(port),
        // A configuration's slots are found in the port listing (USB location, USB serial); ports and PTYs by their path.
        portLister: stored ? (options.portLister ?? serialportList) : async () => [],
        createRunner: (runnerOptions) => {
          const runner = new SequenceRunner(runnerOptions);
          const runId = runner.runId;
          runner.onEvent((event) => {
            if (event.type === 'at-traffic') traffic.push({ runId, event });
          });
          return runner;
        },
      });
      // The traffic list is filled by the runners; the session drains it with its batches.
      return new StationSession(options, station, line, traffic, config);
    } catch (error) {
      await line?.close().catch(() => undefined);
      throw error;
    }
  }

  get state(): StationState {
    return this.station.state;
  }

  get slots(): string[] {
    return this.station.slots.map((slot) => slot.label);
  }

  stop(): StationState {
    this.station.stop();
    return this.station.state;
  }

  /** The station as a reloaded page rebuilds it: every batch up to `seq` applied (docs/station.md#ipc). */
  snapshot(): StationSnapshot {
    this.flush(); // what was collected goes out first, so the snapshot ends exactly at a batch
    const operator = this.station.operator;
    const reason = this.#tracker.lastState?.reason;
    return {
      stationId: this.stationId,
      seq: this.#seq,
      name: this.#name,
      ...(this.#config.line ? { line: this.#config.line } : {}),
      ...(this.#configName ? { config: this.#configName } : {}),
      state: this.station.state,
      ...(reason ? { reason } : {}),
      ...(operator ? { operator } : {}),
      operatorRequired: this.#config.operatorRequired,
      unitSerial: this.#config.unitSerial,
      counters: this.station.counters,
      slots: this.#tracker.slots(),
      units: this.#tracker.units(),
    };
  }

  get unitSerialRequired(): boolean {
    return this.#config.unitSerial;
  }

  get name(): string {
    return this.#name;
  }

  /**
   * An operator's command (stationCommand): retry a failed unit, rework a passed one, bind a
   * scanned serial, change the operator. A slot or state that does not fit is an AppError naming it.
   */
  command(request: Pick<StationCommandRequest, 'action' | 'slot' | 'value'>): void {
    const state = this.station.state;
    if (state === 'stopped') throw new AppError('bad-state', `stationCommand: station ${this.stationId} has stopped`);
    if (request.action === 'operator') {
      const name = (request.value ?? '').trim();
      if (!name && this.#config.operatorRequired) throw new AppError('bad-request', `stationCommand: value: station "${this.#name}" requires an operator (operatorRequired); give a name instead of clearing it`);
      this.station.setOperator(name);
      return;
    }
    const wanted = (request.slot ?? '').toUpperCase();
    const view = this.station.view().find((slot) => slot.label.toUpperCase() === wanted);
    if (!view) throw new AppError('bad-request', `stationCommand: slot: no slot "${request.slot ?? ''}" on station "${this.#name}" (its slots: ${this.slots.slice(0, 8).join(', ')}${this.slots.length > 8 ? ', …' : ''})`);
    const label = view.label;
    if (request.action === 'serial') {
      const serial = (request.value ?? '').trim();
      this.station.setUnitSerial(label, serial);
      this.#tracker.setUnitSerial(label, serial);
      return;
    }
    const needed = request.action === 'retry' ? 'failed' : 'passed';
    if (view.state !== needed) {
      const what = request.action === 'retry' ? 'only a failed unit still in its slot can be retried' : 'only a passed unit still in its slot can be reworked';
      throw new AppError('bad-state', `stationCommand: ${request.action} ${label}: the slot is ${view.state}; ${what}`);
    }
    if (state !== 'running') throw new AppError('bad-state', `stationCommand: ${request.action} ${label}: the station is ${state} and starts no unit now`);
    const started = request.action === 'retry' ? this.station.retry(label) : this.station.rework(label);
    if (!started) throw new AppError('bad-state', `stationCommand: ${request.action} ${label}: the station did not start it`);
  }

  /** Sends what was collected since the last batch (nothing when nothing happened). */
  flush(): void {
    const source = this.trafficSource;
    if (source.length > 0) this.#traffic.push(...source.splice(0, source.length));
    if (this.#events.length === 0 && this.#traffic.length === 0) return;
    const events = this.#events.splice(0, this.#events.length);
    // The station tells its counters with its state changes only: a batch in which a unit ended
    // closes with the counters as they are now, so the screen's counters follow every result.
    if (events.some((event) => event.type === 'slot-state' && event.result !== undefined && event.from !== event.to)) {
      const operator = this.station.operator;
      events.push({ type: 'station-state', t: Date.now(), station: this.#name, state: this.station.state, reason: 'unit finished', ...(operator ? { operator } : {}), counters: this.station.counters });
    }
    const traffic = this.#traffic.splice(0, this.#traffic.length);
    for (const event of events) this.#tracker.apply(event);
    for (const item of traffic) this.#tracker.traffic(item.runId, item.event);
    this.#seq += 1;
    this.sent.batches += 1;
    this.sent.events += events.length;
    this.sent.traffic += traffic.length;
    this.#emit({ channel: 'station', stationId: this.stationId, seq: this.#seq, events, traffic });
  }
}

/** A1…A8, B1…B8… as on a fixture of 8 columns. */
export function slotLabel(index: number): string {
  return `${String.fromCharCode(65 + Math.floor(index / 8))}${(index % 8) + 1}`;
}

async function startVirtualLine(units: NonNullable<StartStationRequest['virtualLine']>['units'], lineDir: string, device: LineDeviceOptions): Promise<VirtualLine> {
  const [{ VirtualLine: Line }, { nthImei }] = await Promise.all([import('../sim/fixture/virtual-line.ts'), import('../sim/imei.ts')]);
  const { findFault } = await import('../sim/faults/table.ts');
  await mkdir(path.join(lineDir, 'state'), { recursive: true });
  const imeis: string[] = [];
  const specs = units.map((unit, index) => {
    for (const name of unit.faults ?? []) {
      if (!findFault(name)) throw new AppError('bad-request', `startStation: virtualLine.units.${index}.faults names an unknown fault scenario "${name}"`);
    }
    if (unit.cloneOf !== undefined && unit.cloneOf >= index) throw new AppError('bad-request', `startStation: virtualLine.units.${index}.cloneOf must name an earlier unit`);
    const imei = unit.cloneOf !== undefined ? (imeis[unit.cloneOf] as string) : nthImei(VIRTUAL_LINE_BASE_IMEI, VIRTUAL_LINE_IMEI_OFFSET + index);
    imeis.push(imei);
    return { imei, faults: unit.faults ?? [] };
  });
  const stamp = Date.now().toString(36);
  return Line.start({
    paths: units.map((_, i) => path.join(lineDir, `tty-${stamp}-${i}`)),
    units: specs,
    labels: units.map((_, i) => slotLabel(i)),
    stateDir: path.join(lineDir, 'state'),
    device,
  });
}
