/**
 * A fresh virtual device for one test: temp state dir, fast timings unless asked, booted, host end
 * open, the boot URCs consumed. `dispose()` closes it and removes the state dir.
 * startQuietDevice() also turns echo off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualDevice, type VirtualDevice } from '../../../electron/sim/device.ts';
import type { VirtualDeviceOptions } from '../../../electron/sim/options.ts';
import { Conversation } from './conversation.ts';
import { echoOff } from './module-steps.ts';

export const BOOT_BYTES = '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n';

export interface TestDevice {
  device: VirtualDevice;
  modem: Conversation;
  stateDir: string;
  dispose(): Promise<void>;
}

export async function startDevice(options: VirtualDeviceOptions = {}, expectBoot = BOOT_BYTES): Promise<TestDevice> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'fieldlink-sim-test-')));
  const device = await createVirtualDevice({ fast: true, ...options, stateDir });
  await device.host.open();
  const modem = Conversation.overTransport(device.host);
  if (expectBoot) await modem.expect(expectBoot);
  return {
    device,
    modem,
    stateDir,
    dispose: async () => {
      await device.close();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** startDevice, then echo off (ATE0, its own echo still shown) as the reference conversations begin. */
export async function startQuietDevice(options: VirtualDeviceOptions = {}, expectBoot = BOOT_BYTES): Promise<TestDevice> {
  const device = await startDevice(options, expectBoot);
  await echoOff(device.modem);
  return device;
}
