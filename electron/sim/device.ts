/**
 * The virtual TMS2: a Quectel module (EC2x/BG96 family) plus the TMS2 service commands, behind a
 * byte stream paced like a UART. Host bytes → rx pacer → InputReader → Dispatcher → handlers;
 * handler output → ModemWriter → tx pacer → the cable (memory link, TCP socket or socat PTY).
 * Power states: off → booting → on; reboot and pullCable end the power cycle.
 */
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createMemoryLink, type MemoryEnd } from '../engine/transport/memory.ts';
import type { Transport } from '../engine/transport/types.ts';
import { Dispatcher } from './at/dispatcher.ts';
import { buildCommandTable } from './commands/index.ts';
import { SimError } from './errors.ts';
import { FaultSet } from './faults/fault-set.ts';
import { dispatchFaultHooks, noiseHook, startBackgroundFaults } from './faults/hooks.ts';
import type { CableStep } from './faults/table.ts';
import { BOOT_URCS, BOOT_URCS_NO_SIM, IDENTITIES } from './identity.ts';
import { createLife, type Life } from './life.ts';
import { HostDataIo } from './line/host-io.ts';
import { bytesPerSecondOf, SerialPacer } from './line/pacer.ts';
import { memoryPort, streamPort, type DevicePort } from './line/port.ts';
import { InputReader } from './line/reader.ts';
import { DEFAULT_MODEM_SETTINGS, ModemWriter, type ModemSettings } from './line/writer.ts';
import { parseOptions, resolveTiming, type ParsedOptions, type Timing, type VirtualDeviceOptions } from './options.ts';
import { DEFAULT_UART, defaultNvSettings, restoreProfile, type NvSettings, type UartSettings } from './services/module-settings.ts';
import { DEFAULT_NOISE_MG, defaultMountingTilt, GSensor, type Tilt } from './services/gsensor.ts';
import { PowerCycle } from './services/power-cycle.ts';
import { createRandom, seedFrom, type Random } from './services/random.ts';
import { Resolver } from './services/resolver.ts';
import { StateStore } from './services/state-store.ts';
import { Ufs } from './services/ufs.ts';
import { defaultStateDir } from './state-dir.ts';

export type PowerState = 'off' | 'booting' | 'on';

export interface DeviceSnapshot {
  imei: string;
  power: PowerState;
  firmware: { main: string; sub: string };
  calibration: { roll: number; pitch: number } | null;
  mounting: Tilt;
  faults: readonly string[];
  echo: boolean;
  mqtt: Array<{ index: number; state: string; host?: string; port?: number }>;
}

export interface VirtualDevice {
  readonly imei: string;
  /** Host end of the in-process cable (open it, then hand it to the AtClient). */
  readonly host: Transport;
  readonly state: DeviceSnapshot;
  /** Timers of the current power cycle still pending (0 when off). */
  readonly pendingTimers: number;
  /** Moves the device onto a byte stream (TCP socket, socat stdio); the previous cable is cut. */
  attach(stream: Duplex): void;
  /** Power and cable gone at once: links end without MQTT DISCONNECT, the host sees a lost port. */
  pullCable(): void;
  /** A new in-process cable (powers the device on if it was off); returns its host end. */
  plugCable(hostUri?: string): Transport;
  reboot(): void;
  /** Resolves once the current boot has printed `APP RDY`. */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export async function createVirtualDevice(input: VirtualDeviceOptions = {}): Promise<VirtualDevice> {
  const options = parseOptions(input);
  const faults = FaultSet.of(options.faults);
  const deviceDir = join(options.stateDir ?? defaultStateDir(), options.imei);
  const [store, ufs] = await Promise.all([StateStore.open(deviceDir, options.firmware), Ufs.open(deviceDir, options.ufsCapacity)]);
  return new VirtualTms2(options, faults, store, ufs);
}

class VirtualTms2 implements VirtualDevice {
  readonly imei: string;
  private readonly timing: Timing;
  private readonly modem: ModemSettings = { ...DEFAULT_MODEM_SETTINGS };
  private readonly uart: UartSettings = structuredClone(DEFAULT_UART);
  private readonly nv: NvSettings = defaultNvSettings();
  private readonly writer: ModemWriter;
  private readonly reader: InputReader;
  private readonly dispatcher: Dispatcher;
  private readonly io: HostDataIo;
  private readonly rx: SerialPacer;
  private readonly tx: SerialPacer;
  private readonly gsensor: GSensor;
  private readonly resolver: Resolver;
  private readonly random: Random;
  private port: DevicePort | undefined;
  private hostEnd: MemoryEnd;
  private life: Life | undefined;
  private power: PowerState = 'off';
  private readyWaiters: Array<() => void> = [];
  /** `APP RDY` of the current boot has left the module (whenReady resolves from then on). */
  private announced = false;
  private closed = false;

  constructor(
    private readonly options: ParsedOptions,
    private readonly faults: FaultSet,
    private readonly store: StateStore,
    private readonly ufs: Ufs,
  ) {
    this.imei = options.imei;
    this.timing = resolveTiming(options);
    this.random = createRandom(seedFrom(`faults/${options.imei}`));
    const rate = options.fast ? undefined : bytesPerSecondOf(options.baud);
    this.tx = new SerialPacer(rate, (chunk) => this.port?.write(chunk));
    this.rx = new SerialPacer(rate, (chunk) => this.reader.feed(chunk));
    this.writer = new ModemWriter((bytes) => this.tx.push(bytes), this.modem, { beforeFrame: noiseHook(faults, this.random) });
    this.reader = new InputReader(
      (line) => this.dispatcher.enqueue(line),
      (bytes) => {
        if (this.modem.echo) this.writer.echo(bytes);
      },
    );
    this.io = new HostDataIo(this.writer, this.reader);
    this.dispatcher = new Dispatcher({
      table: buildCommandTable(),
      writer: this.writer,
      context: () => this.currentLife().ctx,
      hooks: { ...dispatchFaultHooks(faults, this.random), afterFinal: () => this.io.release(), onInternalError: (error) => reportBug(error) },
    });
    const tilt = defaultMountingTilt(options.imei);
    this.gsensor = new GSensor({ roll: options.gsensor.roll ?? tilt.roll, pitch: options.gsensor.pitch ?? tilt.pitch }, options.gsensor.noiseMg ?? DEFAULT_NOISE_MG, options.imei);
    this.resolver = new Resolver(options.hosts);
    this.hostEnd = this.newCable(`sim:${options.imei}`);
    this.powerOn();
  }

  get host(): Transport {
    return this.hostEnd;
  }

  /** Timers of the current power cycle still pending (0 when off): answered operations leave none behind. */
  get pendingTimers(): number {
    return this.life?.cycle.pendingTimers ?? 0;
  }

  get state(): DeviceSnapshot {
    const { firmware, calibration } = this.store.snapshot;
    return {
      imei: this.imei,
      power: this.power,
      firmware: { ...firmware },
      calibration: calibration ? { ...calibration } : null,
      mounting: { ...this.gsensor.mounting },
      faults: this.faults.names,
      echo: this.modem.echo,
      mqtt: (this.life?.mqtt ?? []).map((slot) => ({ index: slot.index, state: slot.state, ...(slot.target ?? {}) })),
    };
  }

  attach(stream: Duplex): void {
    this.assertOpen();
    this.port?.sever();
    const port: DevicePort = streamPort(stream, {
      onData: (chunk) => this.rx.push(chunk),
      onEnd: () => {
        if (this.port === port) this.port = undefined;
      },
    });
    this.port = port;
    if (this.power === 'off') this.powerOn();
  }

  pullCable(): void {
    this.powerOff('cut');
    const port = this.port;
    this.port = undefined;
    // Input stops now; bytes already handed to the cable still arrive, then the link ends.
    port?.release();
    if (port) setImmediate(() => port.sever());
  }

  plugCable(hostUri = `sim:${this.imei}`): Transport {
    this.assertOpen();
    this.port?.sever();
    this.hostEnd = this.newCable(hostUri);
    if (this.power === 'off') this.powerOn();
    return this.hostEnd;
  }

  reboot(): void {
    this.assertOpen();
    this.powerOff('reboot');
    this.powerOn();
  }

  whenReady(): Promise<void> {
    if (this.power === 'on' && this.announced) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.pullCable();
    this.closed = true;
    this.rx.clear();
  }

  private newCable(hostUri: string): MemoryEnd {
    const { host, device } = createMemoryLink(hostUri, `sim-device:${this.imei}`);
    const port: DevicePort = memoryPort(device, {
      onData: (chunk) => this.rx.push(chunk),
      onEnd: () => {
        if (this.port === port) this.port = undefined;
      },
    });
    this.port = port;
    return host;
  }

  private powerOn(): void {
    const cycle = new PowerCycle();
    this.life = createLife(cycle, {
      imei: this.imei,
      identity: IDENTITIES[this.flavour],
      flavour: this.flavour,
      timing: this.timing,
      modem: this.modem,
      uart: this.uart,
      nv: this.nv,
      faults: this.faults,
      store: this.store,
      ufs: this.ufs,
      gsensor: this.gsensor,
      resolver: this.resolver,
      io: this.io,
      // URCs go to the port AT+QURCCFG="urcport" names; this cable is the USB AT port (docs/at-behaviour.md#settings).
      writeUrc: (line) => {
        if (this.nv.urcport === 'usbat') this.writer.urc(line);
      },
      reboot: () => this.reboot(),
      powerDown: () => this.powerDown(),
      cablePull: (step) => this.cablePull(step),
    });
    this.loadProfile();
    this.power = 'booting';
    const delay = this.faults.get('slow-boot')?.bootDelayMs ?? this.timing.bootDelayMs;
    const life = this.life;
    cycle.later(delay, () => this.boot(life));
  }

  /** Power-on: factory defaults overlaid with the profile stored by AT&W (docs/at-behaviour.md#settings). */
  private loadProfile(): void {
    restoreProfile(this.modem, DEFAULT_MODEM_SETTINGS, this.uart, this.store.snapshot.profile);
  }

  private boot(life: Life): void {
    this.reader.enabled = true;
    life.network.attach();
    this.store.update((state) => ({ ...state, bootCount: state.bootCount + 1 })).catch(reportBug);
    const urcs = life.network.simReady ? BOOT_URCS : BOOT_URCS_NO_SIM;
    urcs.forEach((line, i) =>
      life.cycle.later(i * this.timing.bootStepMs, () => {
        this.writer.urc(line);
        if (i === urcs.length - 1) this.bootDone(life);
      }),
    );
  }

  private bootDone(life: Life): void {
    this.power = 'on';
    startBackgroundFaults(this.faults, life.ctx, this.random);
    // Ready once `APP RDY` has left the module (the pacer sends an answer's pieces together, a turn
    // later): a host that attaches after whenReady() sees no boot URC.
    const booted = this.life;
    void this.tx.whenIdle().then(() => {
      if (this.power !== 'on' || this.life !== booted) return;
      this.announced = true;
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const resolve of waiters) resolve();
    });
  }

  /** Ends the power cycle; 'cut' also drops bytes still in flight on the cable. */
  private powerOff(how: 'cut' | 'reboot'): void {
    const life = this.life;
    this.life = undefined;
    this.power = 'off';
    this.announced = false;
    life?.cycle.end();
    for (const slot of life?.mqtt ?? []) slot.drop();
    this.reader.enabled = false;
    this.reader.reset();
    this.dispatcher.clear();
    this.writer.reset();
    this.io.forget();
    this.ufs.clearRam();
    if (how === 'cut') {
      this.tx.clear();
      this.rx.clear();
    }
  }

  private powerDown(): void {
    this.writer.urc('POWERED DOWN');
    this.powerOff('reboot');
  }

  private cablePull(step: CableStep): boolean {
    const armed = this.faults.all('cable-pull').some((fault) => fault.step === step);
    if (!armed || !this.faults.fireOnce(`cable-pull-at-${step}`)) return false;
    this.pullCable();
    return true;
  }

  private get flavour(): 'korean' | 'global' {
    return this.faults.has('global-firmware') ? 'global' : this.options.flavour;
  }

  private currentLife(): Life {
    if (!this.life) throw new SimError('closed', 'the module is off');
    return this.life;
  }

  private assertOpen(): void {
    if (this.closed) throw new SimError('closed', `virtual device ${this.imei} is closed`);
  }
}

function reportBug(error: unknown): void {
  process.emitWarning(`virtual device handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
