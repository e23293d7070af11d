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
import { SequenceRunner } from '../engine/sequence/runner.ts';
import type { ResultsStore } from '../store/types.ts';
import { configFromPorts } from '../station/config.ts';
import type { StationSummary } from '../station/station.ts';
import { Station } from '../station/station.ts';
import { storeRecorder } from '../station/store-recorder.ts';
import type { LineDeviceOptions, VirtualLine } from '../sim/fixture/virtual-line.ts';
import { AppError } from './errors.ts';

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
  /** Batches sent and events carried (the bench compares them with the renderer's frames). */
  readonly sent = { batches: 0, events: 0, traffic: 0 };

  private constructor(
    options: StationSessionOptions,
    station: Station,
    readonly line: VirtualLine | undefined,
    private readonly trafficSource: { runId: string; event: RunnerEvent }[],
    name: string,
  ) {
    this.stationId = options.stationId;
    this.station = station;
    this.#emit = options.emit;
    this.#name = name;
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
    if (request.virtualLine) {
      line = await startVirtualLine(request.virtualLine.units, options.lineDir, options.lineDevice ?? { fast: true });
      ports = line.describe().map((slot) => slot.path);
    } else {
      ports = request.ports ?? [];
    }
    try {
      const base = configFromPorts({ ports, profile: request.profile, name: 'station', ...(request.fota ? { fota: request.fota } : {}) });
      const config: StationConfig = line ? { ...base, slots: base.slots.map((slot, i) => ({ ...slot, label: slotLabel(i) })), pollMs: 250 } : base;
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
        portLister: async () => [],
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
      return new StationSession(options, station, line, traffic, config.name);
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
    this.sent.batches += 1;
    this.sent.events += events.length;
    this.sent.traffic += traffic.length;
    this.#emit({ channel: 'station', stationId: this.stationId, events, traffic });
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
