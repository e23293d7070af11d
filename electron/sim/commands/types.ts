/**
 * What a command handler is and what it may use. Handlers are small functions in per-family
 * tables (basic, network, file, ssl, http, mqtt, tms2); the dispatcher looks them up by name and
 * form and frames their result. Deferred results (`OK` now, URC later) start in `after`, which
 * runs once the final result is on the wire.
 */
import type { CommandForm, ParsedCommand } from '../at/command-line.ts';
import type { FaultSet } from '../faults/fault-set.ts';
import type { CableStep } from '../faults/table.ts';
import type { DataRequest, DataResult, PromptRequest, PromptResult } from '../line/reader.ts';
import type { FinalResult, ModemSettings } from '../line/writer.ts';
import type { Timing } from '../options.ts';
import type { GSensor } from '../services/gsensor.ts';
import type { HttpService } from '../services/http-service.ts';
import type { MqttSlot } from '../services/mqtt-slot.ts';
import type { NetworkModel } from '../services/network-model.ts';
import type { PowerCycle } from '../services/power-cycle.ts';
import type { SslContexts } from '../services/ssl-contexts.ts';
import type { NvSettings, UartSettings, VolatileSettings } from '../services/module-settings.ts';
import type { Resolver } from '../services/resolver.ts';
import type { StateStore } from '../services/state-store.ts';
import type { Ufs } from '../services/ufs.ts';

export interface ModuleIdentity {
  manufacturer: string;
  model: string;
  /** `AT+GMR` / `Revision:` line. */
  revision: string;
  /** Application part of `AT+QGMR` (`<revision>_<app>`). */
  appVersion: string;
}

/** Data mode and prompt on the host port. */
export interface HostIo {
  /** Prints `CONNECT`, then takes raw bytes from the host (QFUPL, QHTTPURL). */
  upload(request: DataRequest): Promise<DataResult>;
  /** Prints `CONNECT`, then the bytes (QHTTPREAD, QFDWL); the handler's final result follows. */
  download(bytes: Buffer): void;
  /** Prints `> `, then takes the payload (QMTPUB). */
  prompt(request: PromptRequest): Promise<PromptResult>;
  /** Raw bytes in data mode (ACK-mode `A`). */
  raw(bytes: Buffer): void;
}

/** Everything of the device a handler may touch, for the current power cycle. */
export interface DeviceContext {
  readonly imei: string;
  readonly identity: ModuleIdentity;
  readonly flavour: 'korean' | 'global';
  readonly timing: Timing;
  readonly modem: ModemSettings;
  /** AT+IPR/ICF/IFC (part of the AT&W profile). */
  readonly uart: UartSettings;
  /** Settings that return to defaults at power-on (AT+CSCS, AT+QSCLK, AT+QINDCFG, AT+CGREG <n>). */
  readonly settings: VolatileSettings;
  /** Settings kept in NV (AT+QURCCFG, AT+CTZU). */
  readonly nv: NvSettings;
  /** The module's DNS (AT+QIDNSGIP, AT+QPING). */
  readonly resolver: Resolver;
  readonly faults: FaultSet;
  readonly store: StateStore;
  readonly ufs: Ufs;
  readonly gsensor: GSensor;
  readonly cycle: PowerCycle;
  readonly network: NetworkModel;
  readonly ssl: SslContexts;
  readonly http: HttpService;
  readonly mqtt: readonly MqttSlot[];
  readonly io: HostIo;
  urc(line: string): void;
  /** Milliseconds since this power cycle began. */
  uptimeMs(): number;
  /** Restarts the module (boot URCs follow after the boot delay). */
  reboot(): void;
  /** `POWERED DOWN`, then the module stays off until rebooted or re-plugged (AT+QPOWD). */
  powerDown(): void;
  /** Pulls the cable when `cable-pull-at-<step>` is active (once per device); true when it did. */
  cablePull(step: CableStep): boolean;
}

export interface CommandResult {
  /** Information lines before the final result. */
  lines?: string[];
  /** Default `OK`. */
  final?: FinalResult;
  /** Starts deferred work once the final result has been written. */
  after?: () => void | Promise<void>;
}

export type Handler = (command: ParsedCommand, ctx: DeviceContext) => CommandResult | Promise<CommandResult>;

export type CommandEntry = { name: string } & Partial<Record<CommandForm, Handler>>;

export const OK: CommandResult = {};
export const ERROR: CommandResult = { final: { kind: 'error' } };

export function ok(...lines: string[]): CommandResult {
  return { lines };
}

export function cme(code: number): CommandResult {
  return { final: { kind: 'cme', code } };
}
