/**
 * A station of 32 virtual units runs unattended from the CLI (issue 13's "done"): `fieldlink sim
 * --count 32 --pty PREFIX --fast`, whose plug plan pulls 24 of them at once, then plugged in by
 * the fixture's hands (`plug N` on the sim's stdin) in waves of eight while the station runs, as
 * trays come to a line; the last unit is a clone of the first. `fieldlink station` (not --once)
 * runs every unit as it comes, then `stop` on its stdin. Every unit is on record in the SQLite
 * store with its slot and operator, the clone is refused, and the exit code is 1 (a unit refused).
 * Kept light for a two-core CI: fast module timings, no firmware update (FOTA is covered by the
 * eight-unit test), a wave plugged when half of the one before has ended, one test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { DEFAULT_IMEI } from '../../electron/sim/options.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import type { CliProcess } from '../helpers/fieldlink-cli.ts';
import { killFieldlinkProcesses } from '../helpers/fieldlink-cli.ts';
import { quitSimLine, runEnds, slotStates, startSimLine, startStation, StationEventReader, typeLine, waitForLine } from '../helpers/station-line.ts';

const COUNT = 32;
const WAVE = 8;
/** Slots in waves of eight: the first is there when the station starts, the others come while it runs. */
const WAVES = Array.from({ length: COUNT / WAVE }, (_, w) => Array.from({ length: WAVE }, (_, i) => w * WAVE + i));
const LATE = WAVES.slice(1).flat();
const CLONE_SLOT = COUNT - 1;
const IMEIS = Array.from({ length: COUNT }, (_, i) => nthImei(DEFAULT_IMEI, i === CLONE_SLOT ? 0 : i));

let dir: string;
let sim: CliProcess;
const label = (i: number) => `vl${i}`;
const port = (i: number) => join(dir, label(i));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-e2e-station32-'));
  const plan = LATE.map((i) => `${i}:unplug@0ms`).join(',');
  sim = await startSimLine(join(dir, 'vl'), ['--imeis', IMEIS.join(','), '--plug-plan', plan, '--state-dir', join(dir, 'state')], 240_000);
  for (const i of LATE) await waitForLine(sim, new RegExp(`^unplugged ${i} \\S+ unplug$`, 'm'));
}, 300_000);

afterAll(async () => {
  if (sim) expect(await quitSimLine(sim)).toBe(EXIT.ok);
  killFieldlinkProcesses();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('fieldlink station: 32 virtual units, unattended', () => {
  it('runs every unit as it comes (24 plugged in while it runs), refuses the clone, records all 32 with slot and operator; stop → exit 1', async () => {
    const started = Date.now();
    const db = `sqlite:${join(dir, 'line.sqlite')}`;
    const ports = Array.from({ length: COUNT }, (_, i) => port(i));
    const station = startStation(['--ports', ports.join(','), '--profile', 'demo', '--fota', 'never', '--operator', 'choi', '--out', join(dir, 'out'), '--db', db]);
    const reader = new StationEventReader(station);
    for (const [w, wave] of WAVES.entries()) {
      if (w === 0) continue;
      const before = new Set((WAVES[w - 1] ?? []).map(label));
      await reader.until(`half of wave ${w - 1} ended`, (all) => runEnds(all).filter((e) => before.has(e.slot)).length >= WAVE / 2, 300_000);
      for (const i of wave) {
        typeLine(sim, `plug ${i}`);
        await waitForLine(sim, new RegExp(`^ok plug ${i}$`, 'm'));
      }
    }
    let events = await reader.until('every unit ended', (all) => runEnds(all).length >= COUNT, 300_000);
    typeLine(station, 'stop');
    expect(await station.exited, station.stderr()).toBe(EXIT.failed);
    const wallS = (Date.now() - started) / 1000;
    events = reader.read();

    const ended = runEnds(events);
    expect(ended.map((e) => e.slot).sort()).toEqual(ports.map((_, i) => label(i)).sort());
    const refused = ended.filter((e) => e.to !== 'passed');
    expect(refused.map((e) => `${e.slot} ${e.to}`), JSON.stringify(refused.map((e) => e.result))).toEqual([`${label(CLONE_SLOT)} refused`]);
    expect(refused[0]?.result).toMatchObject({ outcome: 'refused', imei: IMEIS[0] });
    expect(['UNIT_REFUSED', 'DUPLICATE_IMEI']).toContain(refused[0]?.result?.code);
    expect(ended.find((e) => e.slot === label(0))?.result).toMatchObject({ outcome: 'passed', imei: IMEIS[0] });

    // The late units came while the station ran: each appeared after the first units had started.
    const states = slotStates(events);
    const firstRun = states.findIndex((e) => e.to === 'running');
    for (const i of LATE) {
      const appeared = states.findIndex((e) => e.slot === label(i) && e.to === 'present');
      expect(appeared, label(i)).toBeGreaterThan(firstRun);
    }
    expect(station.stderr()).toContain(`${COUNT - 1} passed, 0 failed, 1 refused of ${COUNT} unit(s)`);

    const store = await openResultsStore({ url: db });
    try {
      const records = await store.list({ kind: 'station' });
      expect(records).toHaveLength(COUNT);
      for (const end of ended) {
        const record = records.find((r) => r.runId === end.result?.runId);
        expect(record, end.slot).toMatchObject({ station: 'station', slot: end.slot, operator: 'choi', port: join(dir, end.slot), outcome: end.to === 'passed' ? 'passed' : 'failed' });
      }
      expect(records.filter((r) => r.outcome === 'passed').map((r) => r.imei).sort()).toEqual(IMEIS.slice(0, CLONE_SLOT).sort());
      expect(records.find((r) => r.slot === label(CLONE_SLOT))).toMatchObject({ imei: IMEIS[0], failureCode: refused[0]?.result?.code });
    } finally {
      await store.close();
    }
    console.info(`station of ${COUNT} virtual units: ${wallS.toFixed(1)} s from start to stop`);
  }, 600_000);
});
