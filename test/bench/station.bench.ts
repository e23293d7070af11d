/**
 * Station mode at scale (issue 13, docs/station.md#the-bench), measured the way a line runs: the
 * cloud in its own process (`fieldlink cloud`, every unit provisioned ahead through its admin
 * API), the virtual units in theirs (`fieldlink sim --pty`, real module timings, serial pacing at
 * 115200 baud, one socat PTY per unit) and the station as users start it (`fieldlink station
 * --ports … --profile FILE --once --json`); every unit runs the whole connect sequence with FOTA
 * of main and sub (the demo cloud offers newer firmware). See station-line.ts for how each figure
 * is taken.
 *
 * Goal-bearing: wall time of 16 and of 32 slots against one slot in this run (≤ 1.15 and ≤ 1.3:
 * no slot slows another). Printed with each: the station's CPU and peak-RSS growth per slot, the
 * cloud's, the simulator's and socat's CPU per unit (other machines on a real line), and the
 * station's event rate against the one batch per 100 ms the back end sends the UI.
 *
 * Second, labelled "stress": the same processes with `fieldlink sim --fast` (short module timings,
 * no pacing), 32 slots against one: how far the host is from CPU-bound, not a goal of the issue.
 * `FIELDLINK_BENCH_STATION_STRESS=0` leaves it out; `FIELDLINK_BENCH_STATION_PROFILE=DIR` writes CPU
 * profiles of the station and simulator processes.
 * Ratios are printed, never asserted in tests.
 */
import { compare } from './types.ts';
import type { BenchResult } from './types.ts';
import { runLine, type LineRun } from './station-line.ts';

const BAUD = 115200;

function perSlot(ms: number, slots: number): string {
  return `${(ms / slots).toFixed(0)} ms`;
}

function note(many: LineRun, one: LineRun): string {
  const seconds = many.wallMs / 1000;
  // The first unit also pays for loading the engine's modules: the added CPU of each further slot.
  const added = (many.station.cpuMs - one.station.cpuMs) / Math.max(1, many.slots - 1);
  const rssGrowth = (many.station.peakRssKiB - one.station.peakRssKiB) / Math.max(1, many.slots - 1) / 1024;
  return (
    `${many.passed}/${many.slots} passed${many.failures.length ? ` (failed: ${many.failures.join(', ')})` : ''}, ${many.fotaBoth} with FOTA of main and sub (1 slot: ${one.passed}/1, ${one.fotaBoth}); ` +
    `wall ${(many.wallMs / 1000).toFixed(1)} s vs ${(one.wallMs / 1000).toFixed(1)} s; ` +
    `station CPU ${perSlot(many.station.cpuMs, many.slots)} per slot, ${added.toFixed(0)} ms per added slot (1 slot: ${perSlot(one.station.cpuMs, 1)}), ` +
    `peak RSS ${(many.station.peakRssKiB / 1024).toFixed(0)} MiB (+${rssGrowth.toFixed(2)} MiB per added slot); ` +
    `other processes per unit: cloud ${perSlot(many.cloud.cpuMs, many.slots)}, sim ${perSlot(many.sim.cpuMs, many.slots)}, socat ${perSlot(many.socat.cpuMs, many.slots)}; ` +
    `station events ${(many.events / seconds).toFixed(0)}/s, at most ${many.peakEventsPer100ms} in a 100 ms batch (one renderer frame); ` +
    `load ${one.loadAverage} (1) / ${many.loadAverage} (${many.slots})`
  );
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const one = await runLine({ slots: 1, fast: false, baud: BAUD });
  for (const [slots, goal] of [
    [16, 1.15],
    [32, 1.3],
  ] as const) {
    const many = await runLine({ slots, fast: false, baud: BAUD });
    results.push(
      compare({
        name: `station: ${slots} slots vs 1, wall time (full sequence + FOTA, module timings, paced ${BAUD} baud, cloud, sim and station in own processes)`,
        value: many.wallMs,
        baseline: one.wallMs,
        unit: 'ms',
        goal,
        better: 'lower',
        note: note(many, one),
      }),
    );
  }
  if (process.env.FIELDLINK_BENCH_STATION_STRESS !== '0') {
    const fastOne = await runLine({ slots: 1, fast: true, baud: BAUD });
    const fastMany = await runLine({ slots: 32, fast: true, baud: BAUD });
    results.push(
      compare({
        name: 'station stress: 32 slots vs 1, wall time (fast module timings, unpaced: CPU-bound, not the issue\'s goal)',
        value: fastMany.wallMs,
        baseline: fastOne.wallMs,
        unit: 'ms',
        goal: 1.3,
        better: 'lower',
        note: note(fastMany, fastOne),
      }),
    );
  }
  return results;
}
