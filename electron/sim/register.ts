/**
 * Makes `sim:` / `sim:<scenario>` ports open virtual devices in this process. Importing this module
 * registers the factory (the CLI and the app import it). One device per URI stays powered while the
 * process runs, like hardware on a desk: reopening the port reconnects to it (its MQTT session and
 * files intact); after a pulled cable, reopening powers it on again. The scenario names fault
 * scenarios, joined with `.`, `,` or `+` (`sim:no-sim.slow-boot`).
 */
import { TransportError } from '../engine/transport/errors.ts';
import { registerSimDeviceFactory } from '../engine/transport/sim.ts';
import type { Transport } from '../engine/transport/types.ts';
import { createVirtualDevice, type VirtualDevice } from './device.ts';
import { splitScenario } from './faults/table.ts';
import type { VirtualDeviceOptions } from './options.ts';

const devices = new Map<string, Promise<VirtualDevice>>();
const openHosts = new Map<string, Transport>();
let defaults: VirtualDeviceOptions = { fast: process.env.FIELDLINK_SIM_FAST === '1' };

/** Options for devices created from now on (`faults` come from the URI and are added). */
export function configureSimDevices(options: VirtualDeviceOptions): void {
  defaults = { ...defaults, ...options };
}

/** The device behind a `sim:` URI, created on first use. */
export function simDeviceFor(uri: string, scenario = uri.replace(/^sim:/i, '')): Promise<VirtualDevice> {
  const key = uri.toLowerCase();
  let device = devices.get(key);
  if (!device) {
    device = createVirtualDevice({ ...defaults, faults: [...(defaults.faults ?? []), ...splitScenario(scenario)] });
    devices.set(key, device);
    device.catch(() => devices.delete(key));
  }
  return device;
}

/** Closes every `sim:` device of this process (tests, app shutdown). */
export async function closeSimDevices(): Promise<void> {
  const all = [...devices.values()];
  devices.clear();
  openHosts.clear();
  await Promise.all(all.map(async (device) => (await device.catch(() => undefined))?.close()));
}

export async function openSimHost(scenario: string | undefined, uri: string): Promise<Transport> {
  const key = uri.toLowerCase();
  const device = await simDeviceFor(uri, scenario ?? '');
  if (openHosts.get(key)?.isOpen) throw new TransportError('busy', uri, 'the virtual device is already open in this process');
  const host = device.plugCable(uri);
  openHosts.set(key, host);
  return host;
}

registerSimDeviceFactory(openSimHost);
