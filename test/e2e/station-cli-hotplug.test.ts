/**
 * Hot-plug through the real processes: `fieldlink sim --pty` (three units on a virtual line, its
 * stdin the fixture's hands) and a long-running `fieldlink station` (no --once; its stdin the
 * operator's lines). A unit unplugged mid-run fails alone with the port lost (S1) while the others
 * pass; plugged back, it starts a new run by itself; a slot emptied and given another unit (swap)
 * runs the new unit; `operator NAME` typed on the station's stdin goes on the records from then on;
 * `stop` ends the station, with exit code 1 because a unit failed. The SQLite store has one record
 * per run, each with its slot and operator. Then the two stops: `stop` typed drains (a unit plugged
 * in meanwhile waits), a SIGINT cancels the running unit, exit 6.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../electron/sim/options.ts';
import type { StationEvent } from '../../shared/station.ts';
import type { CliProcess } from '../helpers/fieldlink-cli.ts';
import { killFieldlinkProcesses } from '../helpers/fieldlink-cli.ts';
import { quitSimLine, runEnds, startSimLine, startStation, StationEventReader, stepsOf, transitionsOf, typeLine, waitForLine } from '../helpers/station-line.ts';

/** The unit that goes into slot 0 after its first unit is pulled (a fresh IMEI, not on the line before). */
const NEW_IMEI = nthImei(DEFAULT_IMEI, 50);

let dir: string;
let sim: CliProcess;
const port = (i: number) => join(dir, `hp${i}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-e2e-station-hp-'));
  // Slot 1 is a slow unit, so that it is still running when its cable is pulled.
  sim = await startSimLine(join(dir, 'hp'), ['--count', '3', '--device-faults', '1=slow-unit', '--state-dir', join(dir, 'state')]);
}, 180_000);

afterAll(async () => {
  if (sim) expect(await quitSimLine(sim)).toBe(EXIT.ok);
  killFieldlinkProcesses();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const ends = (events: readonly StationEvent[], slot: string) => runEnds(events).filter((e) => e.slot === slot);

describe('fieldlink station (long-running) with fieldlink sim: units come and go', () => {
  it('S1: a unit unplugged mid-run fails alone with PORT_LOST, the others pass; plugged back it runs again by itself, a swapped-in unit starts; stop ends the station (exit 1)', async () => {
    const db = `sqlite:${join(dir, 'line.sqlite')}`;
    const station = startStation(['--ports', [0, 1, 2].map(port).join(','), '--profile', 'demo', '--operator', 'kim', '--out', join(dir, 'out'), '--db', db]);
    const reader = new StationEventReader(station);

    // Pull slot 1's cable once its unit is identified and the run is under way.
    await reader.until('hp1 past identify', (events) => stepsOf(events, 'hp1').includes('data-service'));
    typeLine(sim, 'unplug 1');
    await waitForLine(sim, /^ok unplug 1$/m);
    expect(sim.stdout()).toMatch(new RegExp(`^unplugged 1 ${port(1).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} unplug$`, 'm'));

    // The run notices the lost port itself (after the reopen window) and fails alone; the slot empties.
    let events = await reader.until('hp1 failed and emptied, hp0 and hp2 passed', (all) =>
      transitionsOf(all, 'hp1').includes('empty') && ends(all, 'hp0').length === 1 && ends(all, 'hp2').length === 1);
    expect(transitionsOf(events, 'hp1')).toEqual(['present', 'running', 'failed:PORT_LOST', 'empty']);
    expect(ends(events, 'hp0').map((e) => e.to)).toEqual(['passed']);
    expect(ends(events, 'hp2').map((e) => e.to)).toEqual(['passed']);
    const lost = ends(events, 'hp1')[0];
    expect(lost?.result).toMatchObject({ outcome: 'failed', code: 'PORT_LOST' });
    const firstImei = ends(events, 'hp0')[0]?.result?.imei;

    // Another operator takes over; then slot 1's unit is plugged back and slot 0 gets a new unit.
    typeLine(station, 'operator lee');
    await reader.until('operator lee', (all) => all.some((e) => e.type === 'station-state' && e.operator === 'lee'));
    typeLine(sim, 'plug 1');
    typeLine(sim, 'unplug 0');
    await reader.until('hp0 emptied', (all) => transitionsOf(all, 'hp0').includes('empty'));
    typeLine(sim, `swap 0 ${NEW_IMEI}`);
    await waitForLine(sim, new RegExp(`^ok swap 0 ${NEW_IMEI}$`, 'm'));
    events = await reader.until('the replugged and the swapped-in unit ended', (all) => ends(all, 'hp1').length === 2 && ends(all, 'hp0').length === 2);
    expect(transitionsOf(events, 'hp1')).toEqual(['present', 'running', 'failed:PORT_LOST', 'empty', 'present', 'running', 'passed']);
    expect(ends(events, 'hp1')[1]?.result).toMatchObject({ outcome: 'passed', imei: lost?.result?.imei });
    expect(transitionsOf(events, 'hp0')).toEqual(['present', 'running', 'passed', 'empty', 'present', 'running', 'passed']);
    expect(ends(events, 'hp0')[1]?.result).toMatchObject({ outcome: 'passed', imei: NEW_IMEI });
    expect(NEW_IMEI).not.toBe(firstImei);
    expect(transitionsOf(events, 'hp2')).toEqual(['present', 'running', 'passed']);

    // `stop` on the station's stdin: nothing is running, so it stops at once; a unit failed → exit 1.
    typeLine(station, 'stop');
    expect(await station.exited, station.stderr()).toBe(EXIT.failed);
    events = reader.read();
    expect(events.filter((e) => e.type === 'station-state').map((e) => e.type === 'station-state' && e.state).slice(-2)).toEqual(['draining', 'stopped']);
    expect(station.stderr()).toContain('4 passed, 1 failed, 0 refused of 5 unit(s)');

    // One record per run, with its slot, port and the operator at the time it started.
    const store = await openResultsStore({ url: db });
    try {
      const records = await store.list({ kind: 'station' });
      expect(records).toHaveLength(5);
      const operatorOf = new Map<string, string>([
        [lost?.result?.runId ?? '', 'kim'],
        [ends(events, 'hp0')[0]?.result?.runId ?? '', 'kim'],
        [ends(events, 'hp2')[0]?.result?.runId ?? '', 'kim'],
        [ends(events, 'hp1')[1]?.result?.runId ?? '', 'lee'],
        [ends(events, 'hp0')[1]?.result?.runId ?? '', 'lee'],
      ]);
      for (const end of runEnds(events)) {
        const record = records.find((r) => r.runId === end.result?.runId);
        expect(record, `${end.slot} ${end.result?.runId}`).toMatchObject({
          station: 'station',
          slot: end.slot,
          port: join(dir, end.slot),
          operator: operatorOf.get(end.result?.runId ?? ''),
          imei: end.result?.imei,
          outcome: end.to,
        });
      }
      expect(records.find((r) => r.runId === lost?.result?.runId)).toMatchObject({ outcome: 'failed', failureCode: 'PORT_LOST' });
    } finally {
      await store.close();
    }
  }, 300_000);

  it('stop typed on stdin drains (a unit plugged in meanwhile waits), a second stop as SIGINT cancels the running unit (CANCELLED; on record as cancelled), exit 6', async () => {
    const db = `sqlite:${join(dir, 'cancel.sqlite')}`;
    typeLine(sim, 'unplug 2');
    await waitForLine(sim, /^ok unplug 2$/m);
    const station = startStation(['--ports', [0, 1, 2].map(port).join(','), '--profile', 'demo', '--operator', 'kim', '--out', join(dir, 'out-cancel'), '--db', db]);
    const reader = new StationEventReader(station);
    await reader.until('hp1 past identify', (events) => stepsOf(events, 'hp1').includes('data-service'));
    typeLine(station, 'stop');
    await reader.until('draining', (events) => events.some((e) => e.type === 'station-state' && e.state === 'draining'));
    // Plugged in while the station drains: it stays present, no run starts.
    typeLine(sim, 'plug 2');
    await reader.until('hp2 present', (events) => transitionsOf(events, 'hp2').includes('present'));
    expect(ends(reader.read(), 'hp1')).toEqual([]);
    station.child.kill('SIGINT');
    expect(await station.exited, station.stderr()).toBe(EXIT.aborted);

    const events = reader.read();
    const states = events.flatMap((e) => (e.type === 'station-state' && e.reason !== 'operator changed' ? [e.state] : []));
    expect(states.filter((state, i) => state !== states[i - 1])).toEqual(['running', 'draining', 'cancelling', 'stopped']);
    expect(transitionsOf(events, 'hp1')).toEqual(['present', 'running', 'failed:CANCELLED']);
    expect(transitionsOf(events, 'hp2')).toEqual(['present']);
    expect(stepsOf(events, 'hp2')).toEqual([]);
    const cancelled = ends(events, 'hp1')[0];

    const store = await openResultsStore({ url: db });
    try {
      const records = await store.list({ kind: 'station' });
      expect(records.find((r) => r.runId === cancelled?.result?.runId)).toMatchObject({ slot: 'hp1', operator: 'kim', outcome: 'cancelled' });
      expect(records.filter((r) => r.slot === 'hp2')).toEqual([]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
