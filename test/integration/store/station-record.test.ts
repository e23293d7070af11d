/**
 * A station's units on record (docs/station.md#recording): a station whose configuration names a
 * `line`, on the simulator's virtual line, recording into a real SQLite results store. One unit's
 * serial is scanned before it starts, the other's while its run is under way (after its record
 * was begun): both records carry the station's line and their unit's serial, the claims named
 * the same line, and each run folder's station.json agrees with the record.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoKit, type DemoKit } from '../../../electron/demo/demo-kit.ts';
import { VirtualLine } from '../../../electron/sim/fixture/virtual-line.ts';
import { nthImei } from '../../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../../electron/sim/options.ts';
import { Station } from '../../../electron/station/station.ts';
import { storeRecorder } from '../../../electron/station/store-recorder.ts';
import { openResultsStore } from '../../../electron/store/open.ts';
import type { ResultsStore } from '../../../electron/store/types.ts';
import type { RunRecord } from '../../../shared/run-record.ts';
import { parseStationConfig, type StationEvent } from '../../../shared/station.ts';

const FIRST = nthImei(DEFAULT_IMEI, 60);
const SECOND = nthImei(DEFAULT_IMEI, 61);
let kit: DemoKit;
let dir: string;
let line: VirtualLine;
let store: ResultsStore | undefined;

beforeAll(async () => {
  kit = await startDemoKit();
  dir = await mkdtemp(join(tmpdir(), 'fl-station-record-'));
  line = await VirtualLine.start({
    paths: [0, 1].map((i) => join(dir, `port${i}`)),
    units: [{ imei: FIRST }, { imei: SECOND }],
    labels: ['A1', 'A2'],
    stateDir: join(dir, 'state'),
    device: { fast: true },
  });
}, 90_000);
afterAll(async () => {
  await store?.close();
  await line?.close();
  await kit?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('records the line and the unit serial of each unit, also a serial scanned after the record began', async () => {
  const storePath = join(dir, 'results.sqlite');
  const opened = await openResultsStore({ url: `sqlite:${storePath}` });
  store = opened;
  const described = line.describe();
  const config = parseStationConfig({
    name: 'st-rec',
    line: 'line-7',
    profile: 'demo',
    pollMs: 100,
    duplicates: 'refuse',
    slots: [
      { label: 'A1', port: { usbLocation: described[0]?.locationId } },
      { label: 'A2', port: { usbLocation: described[1]?.locationId } },
    ],
  });
  const notes: string[] = [];
  const station = new Station({
    config,
    profile: kit.profile,
    outDir: join(dir, 'runs'),
    once: true,
    operator: 'kim',
    portLister: async () => line.portList(),
    exists: () => false,
    provision: (ids, port) => kit.provision(ids, port),
    runner: { retryBackoffMs: 100 },
    recorder: storeRecorder({ store: opened, profile: kit.profile, duplicates: config.duplicates, onProblem: (slot, text) => notes.push(`${slot}: ${text}`) }),
  });
  // A1's serial is scanned before its unit starts.
  expect(station.setUnitSerial('A1', 'SN-EARLY')).toBe(true);
  // A2's serial is scanned once identify has passed: by then its record is on file without one.
  let atScan: Promise<RunRecord | undefined> | undefined;
  station.onEvent((event: StationEvent) => {
    if (event.type === 'slot-run' && event.slot === 'A2' && event.event.type === 'step-passed' && event.event.step === 'identify' && atScan === undefined) {
      atScan = opened.get(event.runId);
      station.setUnitSerial('A2', 'SN-LATE');
    }
  });
  const summary = await station.run();
  expect(notes).toEqual([]);
  expect(summary.units.map((u) => u.result.outcome).sort()).toEqual(['passed', 'passed']);

  const before = await atScan;
  expect(before).toMatchObject({ outcome: 'running', line: 'line-7', unitSerial: null, imei: null });

  const records = await opened.list({ line: 'line-7' });
  const bySlot = Object.fromEntries(records.map((r) => [r.slot, r]));
  expect(bySlot.A1).toMatchObject({ kind: 'station', outcome: 'passed', station: 'st-rec', line: 'line-7', unitSerial: 'SN-EARLY', imei: FIRST, operator: 'kim' });
  expect(bySlot.A2).toMatchObject({ kind: 'station', outcome: 'passed', station: 'st-rec', line: 'line-7', unitSerial: 'SN-LATE', imei: SECOND, operator: 'kim' });
  expect((await opened.list({ unitSerial: 'SN-LATE' })).map((r) => r.imei)).toEqual([SECOND]);

  // station.json beside each run says the same as the record.
  for (const record of records) {
    const tag = JSON.parse(await readFile(join(record.runDir, 'station.json'), 'utf8')) as { line?: string; unitSerial: string | null; runId: string };
    expect(tag).toMatchObject({ runId: record.runId, line: record.line, unitSerial: record.unitSerial });
  }
  // A passed unit under `refuse` is refused on the same store afterwards, whichever line asks.
  expect(await opened.claim({ imei: FIRST, runId: 'again', policy: 'refuse', line: 'line-7' })).toMatchObject({ decision: 'refused', reason: 'already-passed' });
}, 240_000);
