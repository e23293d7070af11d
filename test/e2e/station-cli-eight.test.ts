/**
 * `fieldlink station --once` over eight virtual units on PTYs, as a line runs it: `fieldlink sim
 * --pty PREFIX --count 8 --fast` in one process (one of them a slow unit), the station with the
 * demo profile (FOTA of main and sub firmware) in another, the results store an SQLite file opened
 * afterwards. Every unit passes with both firmware updates, has its own run folder with
 * report.json, report.html and station.json, and one record in the store carrying its station,
 * slot, operator and port; the slow unit holds nobody back.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import type { CliProcess } from '../helpers/fieldlink-cli.ts';
import { killFieldlinkProcesses } from '../helpers/fieldlink-cli.ts';
import { quitSimLine, runEnds, startSimLine, startStation, StationEventReader, stepsOf } from '../helpers/station-line.ts';

const COUNT = 8;
const SLOW = 5;

let dir: string;
let sim: CliProcess;
const prefix = () => join(dir, 'tty');
const port = (i: number) => `${prefix()}${i}`;
const label = (i: number) => `tty${i}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-e2e-station8-'));
  sim = await startSimLine(prefix(), ['--count', String(COUNT), '--device-faults', `${SLOW}=slow-unit`, '--state-dir', join(dir, 'state')]);
}, 180_000);

afterAll(async () => {
  if (sim) expect(await quitSimLine(sim)).toBe(EXIT.ok);
  killFieldlinkProcesses();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('fieldlink station --once: eight virtual units on PTYs', () => {
  it('all eight pass with main and sub FOTA: eight run folders with reports and station tags, eight records in the SQLite store', async () => {
    const db = `sqlite:${join(dir, 'line.sqlite')}`;
    const ports = Array.from({ length: COUNT }, (_, i) => port(i));
    const station = startStation(['--ports', ports.join(','), '--profile', 'demo', '--once', '--operator', 'park', '--out', join(dir, 'out'), '--db', db]);
    expect(await station.exited, station.stderr()).toBe(EXIT.ok);
    const events = new StationEventReader(station).read();
    const ended = runEnds(events);
    expect(ended.map((e) => e.slot).sort()).toEqual(ports.map((_, i) => label(i)).sort());
    expect(ended.every((e) => e.to === 'passed')).toBe(true);
    expect(new Set(ended.map((e) => e.result?.imei)).size).toBe(COUNT);
    expect(new Set(ended.map((e) => e.result?.runDir)).size).toBe(COUNT);

    for (const [i, p] of ports.entries()) {
      const end = ended.find((e) => e.slot === label(i));
      // The whole sequence ran, both firmware updates included and confirmed (a step retried after a
      // timeout on a busy machine starts twice in a row: counted once).
      const steps = stepsOf(events, label(i)).filter((step, n, all) => step !== all[n - 1]);
      expect(steps, label(i)).toEqual(['identify', 'ssl-configure', 'data-service', 'server-info', 'calibration', 'fota-main', 'fota-sub', 'mqtt-connect', 'live-session']);
      const fota = events.flatMap((e) => (e.type === 'slot-run' && e.slot === label(i) && e.event.type === 'fota-result' ? [[e.event.target, e.event.ok]] : []));
      expect(fota, label(i)).toEqual([['main', true], ['sub', true]]);

      const runDir = end?.result?.runDir ?? '';
      const tag = JSON.parse(await readFile(join(runDir, 'station.json'), 'utf8')) as Record<string, unknown>;
      expect(tag).toMatchObject({ station: 'station', slot: label(i), port: p, operator: 'park', imei: end?.result?.imei, result: { outcome: 'passed' } });
      const report = JSON.parse(await readFile(join(runDir, 'report.json'), 'utf8')) as { outcome?: string; device?: { imei?: string } };
      expect(report.outcome).toBe('passed');
      expect(await readFile(join(runDir, 'report.html'), 'utf8')).toContain('PASSED');
    }

    // The slow unit (every answer late) finished last: no other slot waited for it.
    expect(ended.at(-1)?.slot).toBe(label(SLOW));
    expect(station.stderr()).toContain(`${COUNT} passed, 0 failed, 0 refused of ${COUNT} unit(s)`);

    const store = await openResultsStore({ url: db });
    try {
      const records = await store.list({ kind: 'station' });
      expect(records).toHaveLength(COUNT);
      for (const end of ended) {
        const record = records.find((r) => r.runId === end.result?.runId);
        expect(record, end.slot).toMatchObject({ kind: 'station', station: 'station', slot: end.slot, operator: 'park', port: join(dir, end.slot), imei: end.result?.imei, outcome: 'passed' });
      }
    } finally {
      await store.close();
    }
  }, 300_000);
});
