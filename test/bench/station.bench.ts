/**
 * Station mode at scale (docs/station.md#station-screen): the UI's station (StationSession, the
 * same code startStation runs) over a virtual line of N units on real PTYs (socat), each running
 * the whole connect sequence with FOTA of main and sub against the demo cloud, the line paced at
 * 115200 baud (fast module timings, so the host's and the line's share of the time is the
 * largest: the hardest case for running side by side).
 *
 * (a) Wall time of 16 and of 32 slots against one slot, measured in this run (goals ≤ 1.15 and
 *     ≤ 1.3: slots must not wait on each other).
 * (b) Host CPU and RSS growth per slot (printed as notes).
 * (c) Station events per second against the batches the back end sends (every 100 ms): what the
 *     renderer gets per batch and so at most per animation frame (the event pump applies all that
 *     arrived before a frame at once).
 * Ratios are printed, never asserted in tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoKit } from '../../electron/demo/demo-kit.ts';
import { StationSession } from '../../electron/app/station-session.ts';
import type { IpcEvent } from '../../shared/ipc.ts';
import { compare, elapsedMs } from './types.ts';
import type { BenchResult } from './types.ts';

const BAUD = 115200;

interface StationRun {
  wallMs: number;
  passed: number;
  cpuMs: number;
  rssGrowthBytes: number;
  events: number;
  traffic: number;
  batches: number;
}

async function runStation(slots: number): Promise<StationRun> {
  const kit = await startDemoKit({ simulator: { fast: true, baud: BAUD } });
  const root = await mkdtemp(join(tmpdir(), 'fieldlink-bench-station-'));
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  const cpuBefore = process.cpuUsage();
  try {
    let finished = 0;
    let resolveAll: () => void = () => undefined;
    const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
    const emit = (event: IpcEvent) => {
      if (event.channel !== 'station') return;
      for (const e of event.events) if (e.type === 'slot-state' && e.result && e.from === 'running') finished++;
      if (finished >= slots) resolveAll();
    };
    const start = performance.now();
    const session = await StationSession.start({
      stationId: `bench-${slots}`,
      request: { virtualLine: { units: Array.from({ length: slots }, () => ({})) }, profile: 'demo', fota: 'auto' },
      profile: kit.profile,
      outDir: join(root, 'runs'),
      lineDir: join(root, 'line'),
      lang: 'en',
      provision: (ids, port) => kit.provision(ids, port),
      emit,
      log: () => undefined,
      lineDevice: { fast: true, baud: BAUD },
      runner: { portOverrides: { baudRate: BAUD } },
    });
    await allDone;
    const wallMs = elapsedMs(start);
    const passed = session.station.counters.passed;
    session.stop();
    await session.done;
    const cpu = process.cpuUsage(cpuBefore);
    return { wallMs, passed, cpuMs: (cpu.user + cpu.system) / 1000, rssGrowthBytes: rssPeak - rssBefore, events: session.sent.events, traffic: session.sent.traffic, batches: session.sent.batches };
  } finally {
    clearInterval(sampler);
    await kit.stop();
    await rm(root, { recursive: true, force: true });
  }
}

export async function bench(): Promise<BenchResult[]> {
  const one = await runStation(1);
  const results: BenchResult[] = [];
  for (const [slots, goal] of [
    [16, 1.15],
    [32, 1.3],
  ] as const) {
    const many = await runStation(slots);
    const seconds = many.wallMs / 1000;
    results.push(
      compare({
        name: `station: ${slots} slots vs 1, wall time (full sequence + FOTA, ${BAUD} baud, PTYs)`,
        value: many.wallMs,
        baseline: one.wallMs,
        unit: 'ms',
        goal,
        better: 'lower',
        note:
          `${many.passed}/${slots} passed (1 slot: ${one.passed}/1); host CPU ${(many.cpuMs / slots).toFixed(0)} ms per slot (1 slot: ${one.cpuMs.toFixed(0)} ms), ` +
          `RSS +${(many.rssGrowthBytes / slots / 1024 / 1024).toFixed(1)} MiB per slot; ` +
          `station events ${(many.events / seconds).toFixed(0)}/s + AT lines ${(many.traffic / seconds).toFixed(0)}/s in ${(many.batches / seconds).toFixed(1)} batches/s ` +
          `(${((many.events + many.traffic) / Math.max(1, many.batches)).toFixed(0)} items per batch, applied in one renderer frame)`,
      }),
    );
  }
  return results;
}
