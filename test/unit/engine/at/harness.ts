/** Shared setup for AtClient tests: a memory link, a scripted modem and a client with its traffic. */
import { vi } from 'vitest';
import { AtClient, type AtClientOptions } from '../../../../electron/engine/at/index.ts';
import type { TrafficEvent } from '../../../../electron/engine/at/types.ts';
import { createMemoryLink, type MemoryEnd } from '../../../../electron/engine/transport/memory.ts';
import { ScriptedModem, type ScriptedModemOptions } from '../../../helpers/scripted-modem.ts';

export interface Rig {
  client: AtClient;
  modem: ScriptedModem;
  host: MemoryEnd;
  device: MemoryEnd;
  traffic: TrafficEvent[];
  urcs: string[];
}

export async function rig(options: { modem?: ScriptedModemOptions; client?: AtClientOptions } = {}): Promise<Rig> {
  const { host, device } = createMemoryLink('memory:test-host', 'memory:test-device');
  await host.open();
  await device.open();
  const modem = new ScriptedModem(device, options.modem);
  const client = AtClient.attach(host, options.client);
  const traffic: TrafficEvent[] = [];
  const urcs: string[] = [];
  client.onTraffic((event) => traffic.push(event));
  client.onUrc('*', (line) => urcs.push(line));
  return { client, modem, host, device, traffic, urcs };
}

/** One turn of the real event loop (the memory link delivers with setImmediate). */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Fake setTimeout/Date only; setImmediate stays real so the memory link keeps delivering. */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** Advances the fake clock in small steps (letting real I/O run) until `promise` settles. */
export async function driveUntilSettled<T>(promise: Promise<T>, stepMs = 10, maxMs = 600_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
    await tick();
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return promise;
}

/** Waits (real event loop, no fixed sleep) until `condition` holds. */
export async function until(condition: () => boolean, maxTicks = 100_000): Promise<void> {
  for (let i = 0; i < maxTicks && !condition(); i++) await tick();
  if (!condition()) throw new Error('condition not reached');
}

export function linesWithRole(traffic: TrafficEvent[], role: string): string[] {
  return traffic.flatMap((e) => (e.kind === 'line' && e.role === role ? [e.text] : []));
}

export function allText(traffic: TrafficEvent[]): string {
  return traffic.map((e) => JSON.stringify(e)).join('\n');
}
