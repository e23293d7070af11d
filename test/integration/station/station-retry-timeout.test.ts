/**
 * A failed unit retried from its failed step, and a slot's time limit (docs/station.md#stop,
 * docs/station.md#hot-plug): real PTYs, the demo cloud. The first run of a unit the cloud does not
 * know yet fails at ssl-configure (its certificate files are not there); once the back office has
 * it, `retry` resumes the same run from ssl-configure without redoing identify. A unit that takes
 * longer than `slotTimeoutS` is cancelled alone (SLOT_TIMEOUT) while the other slot passes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startDemoKit, type DemoKit } from '../../../electron/demo/demo-kit.ts';
import { createVirtualDevice, type VirtualDevice } from '../../../electron/sim/device.ts';
import { nthImei } from '../../../electron/sim/imei.ts';
import { DEFAULT_IMEI, type VirtualDeviceOptions } from '../../../electron/sim/options.ts';
import { exposeOnPty, type PtyExposure } from '../../../electron/sim/serve/pty.ts';
import { Station } from '../../../electron/station/station.ts';
import { parseStationConfig, type SlotStateEvent, type StationEvent } from '../../../shared/station.ts';

let kit: DemoKit;
let dir: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  kit = await startDemoKit();
  dir = await mkdtemp(join(tmpdir(), 'fl-station-retry-'));
}, 60_000);
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await kit?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function unitOn(path: string, imei: string, options: VirtualDeviceOptions = {}): Promise<VirtualDevice> {
  const device = await createVirtualDevice({ fast: true, imei, stateDir: join(dir, 'state'), ...options });
  closers.push(() => device.close());
  const pty: PtyExposure = await exposeOnPty(device, path, { attachAfter: device.whenReady() });
  closers.push(() => pty.close());
  return device;
}

async function until(check: () => boolean, what: string, events: readonly StationEvent[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events.filter((e) => e.type === 'slot-state'))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const moves = (events: readonly StationEvent[], slot: string) =>
  events.filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.slot === slot && e.cause !== 'step').map((e) => `${e.cause}:${e.to}${e.result?.code ? `:${e.result.code}` : ''}`);

it('a failed unit still in its slot is retried from the failed step: the same run resumes, identify is not redone', async () => {
  const imei = nthImei(DEFAULT_IMEI, 60);
  const config = parseStationConfig({ name: 'retry', profile: 'demo', pollMs: 100, slots: [{ label: 'E1', port: { path: join(dir, 'e1') } }] });
  let known = false;
  const station = new Station({
    config,
    profile: kit.profile,
    outDir: join(dir, 'runs'),
    // The back office learns about the unit only after its first run failed.
    provision: async (ids, port) => (known ? kit.provision(ids, port) : undefined),
    runner: { retryBackoffMs: 100 },
  });
  const events: StationEvent[] = [];
  station.onEvent((event) => events.push(event));
  const running = station.run();
  await unitOn(join(dir, 'e1'), imei);
  await until(() => station.view()[0]?.state === 'failed', 'E1 failed', events);
  expect(station.view()[0]?.last).toMatchObject({ outcome: 'failed', code: 'CERT_FILE_MISSING', step: 'ssl-configure', imei });
  const firstRun = station.view()[0]?.last?.runId;

  known = true;
  expect(station.retry('e1')).toBe(true);
  await until(() => station.view()[0]?.state === 'passed', 'E1 passed', events);
  station.stop();
  const summary = await running;

  expect(moves(events, 'E1')).toEqual(['device-appeared:present', 'run-started:running', 'run-finished:failed:CERT_FILE_MISSING', 'retry:running', 'run-finished:passed']);
  expect(summary.units.map((u) => u.runId)).toEqual([firstRun, firstRun]);
  const runEvents = events.filter((e) => e.type === 'slot-run' && e.runId === firstRun).map((e) => (e.type === 'slot-run' ? e.event : undefined));
  const resumed = runEvents.findIndex((e) => e?.type === 'run-resumed');
  expect(runEvents[resumed]).toMatchObject({ type: 'run-resumed', fromStep: 'ssl-configure' });
  expect(runEvents.slice(resumed).some((e) => e?.type === 'step-started' && e.step === 'identify')).toBe(false);
  expect(summary.counters).toMatchObject({ passed: 1, failed: 1, firstPassYield: 0 });
}, 240_000);

it('a unit slower than the slot time limit is cancelled alone (SLOT_TIMEOUT); the other slot passes', async () => {
  const config = parseStationConfig({
    name: 'limit',
    profile: 'demo',
    pollMs: 100,
    slotTimeoutS: 5,
    slots: [
      { label: 'F1', port: { path: join(dir, 'f1') } },
      { label: 'F2', port: { path: join(dir, 'f2') } },
    ],
  });
  const station = new Station({ config, profile: kit.profile, outDir: join(dir, 'runs'), once: true, provision: (ids, port) => kit.provision(ids, port), runner: { retryBackoffMs: 100 } });
  const events: StationEvent[] = [];
  station.onEvent((event) => events.push(event));
  // F1's unit answers every command 1.5 s late: identify alone outlasts the 5 s limit.
  await unitOn(join(dir, 'f1'), nthImei(DEFAULT_IMEI, 61), { faults: ['slow-answers'], timing: { slowAnswerMs: 1500 } });
  // F2's unit already has the offered firmware (no FOTA): well within the limit, it must pass.
  await unitOn(join(dir, 'f2'), nthImei(DEFAULT_IMEI, 62), { firmware: { main: '1.4.0', sub: '1.1.2' } });
  const summary = await station.run();
  const byslot = Object.fromEntries(summary.units.map((u) => [u.tags.slot, u.result]));
  expect(byslot.F1).toMatchObject({ outcome: 'failed', code: 'SLOT_TIMEOUT' });
  expect(byslot.F2).toMatchObject({ outcome: 'passed' });
  expect(summary.units.find((u) => u.tags.slot === 'F1')?.run?.outcome).toBe('cancelled');
}, 240_000);

it('with unitSerial, a unit waits until its serial is scanned, and the serial is recorded with its IMEI', async () => {
  const config = parseStationConfig({ name: 'serials', profile: 'demo', pollMs: 100, unitSerial: true, slots: [{ label: 'G1', port: { path: join(dir, 'g1') } }] });
  const station = new Station({ config, profile: kit.profile, outDir: join(dir, 'runs'), operator: 'badge-0042', provision: (ids, port) => kit.provision(ids, port), runner: { retryBackoffMs: 100 } });
  const events: StationEvent[] = [];
  station.onEvent((event) => events.push(event));
  const running = station.run();
  const imei = nthImei(DEFAULT_IMEI, 63);
  await unitOn(join(dir, 'g1'), imei, { firmware: { main: '1.4.0', sub: '1.1.2' } });
  await until(() => station.view()[0]?.state === 'present', 'G1 present', events);
  // A few more readings of the port list: still waiting for the serial.
  const readings = events.length;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(station.view()[0]?.state).toBe('present');
  expect(events.slice(readings).some((e) => e.type === 'slot-state' && e.to === 'running')).toBe(false);
  expect(station.setUnitSerial('g1', 'SN-000123')).toBe(true);
  await until(() => station.view()[0]?.state === 'passed', 'G1 passed', events);
  station.stop();
  const summary = await running;
  const tag = JSON.parse(await readFile(join(summary.units[0]?.run?.dir ?? '', 'station.json'), 'utf8')) as Record<string, unknown>;
  expect(tag).toMatchObject({ slot: 'G1', unitSerial: 'SN-000123', imei, operator: 'badge-0042' });
}, 240_000);
