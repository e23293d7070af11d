/**
 * The volatile half of the module, rebuilt at every power-on: network registration, SSL contexts,
 * HTTP and MQTT clients, and the DeviceContext the handlers see. Files, firmware versions and the
 * calibration live outside (UFS, state.json) and survive.
 */
import type { CableStep } from './faults/table.ts';
import type { FaultSet } from './faults/fault-set.ts';
import type { DeviceContext, HostIo, ModuleIdentity } from './commands/types.ts';
import type { ModemSettings } from './line/writer.ts';
import type { Timing } from './options.ts';
import type { GSensor } from './services/gsensor.ts';
import { defaultVolatileSettings, type NvSettings, type UartSettings } from './services/module-settings.ts';
import { HttpService } from './services/http-service.ts';
import { openLink, type LinkTarget } from './services/link.ts';
import { MQTT_CLIENT_COUNT } from './services/mqtt-config.ts';
import { MqttSlot } from './services/mqtt-slot.ts';
import { NetworkModel } from './services/network-model.ts';
import type { PowerCycle } from './services/power-cycle.ts';
import type { Resolver } from './services/resolver.ts';
import { SslContexts } from './services/ssl-contexts.ts';
import type { StateStore } from './services/state-store.ts';
import type { Ufs } from './services/ufs.ts';

/** What lives only while the module is powered. */
export interface Life {
  cycle: PowerCycle;
  network: NetworkModel;
  mqtt: MqttSlot[];
  ctx: DeviceContext;
}

/** The parts of the device a life is built from (they outlive it). */
export interface LifeParts {
  imei: string;
  identity: ModuleIdentity;
  flavour: 'korean' | 'global';
  timing: Timing;
  modem: ModemSettings;
  uart: UartSettings;
  nv: NvSettings;
  faults: FaultSet;
  store: StateStore;
  ufs: Ufs;
  gsensor: GSensor;
  resolver: Resolver;
  io: HostIo;
  writeUrc(line: string): void;
  reboot(): void;
  powerDown(): void;
  cablePull(step: CableStep): boolean;
}

export function createLife(cycle: PowerCycle, parts: LifeParts): Life {
  const { faults, ufs, resolver } = parts;
  const urc = (line: string) => {
    if (cycle.alive) parts.writeUrc(line);
  };
  const poweredAt = Date.now();
  const network = new NetworkModel(faults);
  const ssl = new SslContexts();
  const link = (target: LinkTarget) => openLink(target, { resolver, ufs, signal: cycle.signal });
  const http = new HttpService({ cycle, faults, network, ssl, openLink: link });
  const mqtt = Array.from({ length: MQTT_CLIENT_COUNT }, (_, index) => new MqttSlot(index, { urc, cycle, faults, network, ssl, openLink: link }));
  const ctx: DeviceContext = {
    imei: parts.imei,
    identity: parts.identity,
    flavour: parts.flavour,
    timing: parts.timing,
    modem: parts.modem,
    uart: parts.uart,
    settings: defaultVolatileSettings(),
    nv: parts.nv,
    resolver,
    faults,
    store: parts.store,
    ufs,
    gsensor: parts.gsensor,
    cycle,
    network,
    ssl,
    http,
    mqtt,
    io: parts.io,
    urc,
    uptimeMs: () => Date.now() - poweredAt,
    reboot: parts.reboot,
    powerDown: parts.powerDown,
    cablePull: parts.cablePull,
  };
  return { cycle, network, mqtt, ctx };
}
