/**
 * The real AtClient over an in-memory link with the shared scripted modem: command functions of
 * quectel/ and tms2/ are checked against the exact bytes the "module" receives.
 */
import { AtClient } from '../../electron/engine/at/index.ts';
import type { TrafficEvent } from '../../electron/engine/at/types.ts';
import { createMemoryLink } from '../../electron/engine/transport/memory.ts';
import { ScriptedModem, type ScriptedModemOptions } from './scripted-modem.ts';

export interface Rig {
  at: AtClient;
  modem: ScriptedModem;
  traffic: TrafficEvent[];
  dispose(): void;
}

const rigs = new Set<Rig>();

export async function createRig(options: ScriptedModemOptions = {}): Promise<Rig> {
  const { host, device } = createMemoryLink('memory:quectel-host', 'memory:quectel-device');
  await host.open();
  await device.open();
  const modem = new ScriptedModem(device, options);
  const at = AtClient.attach(host);
  const traffic: TrafficEvent[] = [];
  at.onTraffic((event) => traffic.push(event));
  const rig: Rig = {
    at,
    modem,
    traffic,
    dispose: () => {
      at.dispose();
      modem.stop();
      void host.close();
      void device.close();
      rigs.delete(rig);
    },
  };
  rigs.add(rig);
  return rig;
}

/** For afterEach: disposes every rig created by the test. */
export function disposeRigs(): void {
  for (const rig of [...rigs]) rig.dispose();
}

/** `\r\n<line>\r\n` for each line: how the module frames information lines and results. */
export function framed(...lines: string[]): string {
  return lines.map((line) => `\r\n${line}\r\n`).join('');
}

/** Everything the host sent, as latin1 text. */
export function sent(rig: Rig): string {
  return rig.modem.received.toString('latin1');
}
