/**
 * The station on the simulator's virtual line (docs/station.md#port-matching): slots found by USB
 * location and by USB serial number through the line's port listing (the PTY paths are never
 * looked at), a clone IMEI on a third slot refused, `once` ending when every unit present has run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoKit, type DemoKit } from '../../../electron/demo/demo-kit.ts';
import { VirtualLine } from '../../../electron/sim/fixture/virtual-line.ts';
import { nthImei } from '../../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../../electron/sim/options.ts';
import { Station } from '../../../electron/station/station.ts';
import { parseStationConfig, type SlotStateEvent, type StationEvent } from '../../../shared/station.ts';

const TWIN = nthImei(DEFAULT_IMEI, 40);
const OTHER = nthImei(DEFAULT_IMEI, 41);
let kit: DemoKit;
let dir: string;
let line: VirtualLine;

beforeAll(async () => {
  kit = await startDemoKit();
  dir = await mkdtemp(join(tmpdir(), 'fl-station-vline-'));
  line = await VirtualLine.start({
    paths: [0, 1, 2].map((i) => join(dir, `port${i}`)),
    units: [{ imei: TWIN }, { imei: OTHER }, { imei: TWIN }],
    labels: ['A1', 'A2', 'A3'],
    stateDir: join(dir, 'state'),
    device: { fast: true },
  });
}, 90_000);
afterAll(async () => {
  await line?.close();
  await kit?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('finds each unit by USB location or serial, picks its AT port, refuses the clone and stops once all ran', async () => {
  const described = line.describe();
  const config = parseStationConfig({
    name: 'vline',
    line: 'line-1',
    profile: 'demo',
    pollMs: 100,
    slots: [
      { label: 'A1', port: { usbLocation: described[0]?.locationId } },
      { label: 'A2', port: { usbLocation: described[1]?.locationId } },
      { label: 'A3', port: { usbSerial: described[2]?.serialNumber } },
    ],
  });
  const station = new Station({
    config,
    profile: kit.profile,
    outDir: join(dir, 'runs'),
    once: true,
    portLister: async () => line.portList(),
    exists: () => false,
    provision: (ids, port) => kit.provision(ids, port),
    runner: { retryBackoffMs: 100 },
  });
  const events: StationEvent[] = [];
  station.onEvent((event) => events.push(event));
  const summary = await station.run();

  const present = events.filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.to === 'present');
  expect(Object.fromEntries(present.map((e) => [e.slot, e.port]))).toEqual({ A1: line.path(0), A2: line.path(1), A3: line.path(2) });
  const results = Object.fromEntries(summary.units.map((unit) => [unit.tags.slot, unit.result]));
  expect(results.A2).toMatchObject({ outcome: 'passed', imei: OTHER });
  const twins = [results.A1, results.A3];
  expect(twins.map((r) => r?.outcome).sort()).toEqual(['passed', 'refused']);
  expect(twins.find((r) => r?.outcome === 'refused')).toMatchObject({ code: 'UNIT_REFUSED', imei: TWIN });
  expect(summary.counters).toMatchObject({ units: 3, passed: 2, refused: 1 });
  expect(summary.units.every((unit) => unit.tags.line === 'line-1' && unit.tags.station === 'vline')).toBe(true);
  expect(station.state).toBe('stopped');
}, 240_000);
